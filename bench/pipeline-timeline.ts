// BENCH_TIMELINE=1 for bench/pipeline: where the timed run's time goes, sampled every 100 ms: lines in nginx's
// access log, the agent's lines read and records Kinesis accepted, and the delivery stream's records read from
// the stream, transformed and delivered (the endpoint's metrics). Each sample is two HTTP calls into the stack,
// so a run with the timeline is not one to quote figures from.
import { setTimeout as sleep } from 'node:timers/promises';

const EVERY_MS = 100;

export interface TimelineSources {
  /** Lines in the access log now (from the start of the file). */
  logLines(): number;
  agentStatusUrl: string;
  endpoint: string;
  deliveryStream: string;
  /** Lines, records and counters before the timed run, taken off every figure. */
  before: number;
}

interface AgentCounters { linesRead?: number; recordsSent?: number; putRecordsCalls?: number }
interface Metrics { deliveryStreams?: Record<string, Record<string, number>> }

/** Samples until stop() is called; stop() resolves to one line per sample, seconds from `started` first. */
export function startTimeline(sources: TimelineSources, started: number): { stop(): Promise<string[]> } {
  const samples: string[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const at = ((performance.now() - started) / 1000).toFixed(2);
      const log = sources.logLines() - sources.before;
      try {
        const [agent, metrics] = await Promise.all([
          fetch(sources.agentStatusUrl).then((response) => response.json() as Promise<AgentCounters>),
          fetch(`${sources.endpoint}/_hosepipe/metrics`).then((response) => response.json() as Promise<Metrics>),
        ]);
        const stream = metrics.deliveryStreams?.[sources.deliveryStream] ?? {};
        const count = (value: number | undefined) => (value ?? 0) - sources.before;
        samples.push(`${at} s  log ${log}  agent read ${count(agent.linesRead)} sent ${count(agent.recordsSent)} (${agent.putRecordsCalls ?? 0} calls)  firehose read ${count(stream['DataReadFromKinesisStream.Records'])} transformed ${count(stream['SucceedProcessing.Records'])} delivered ${count(stream['DeliveryToS3.Records'])}`);
      } catch (error) {
        samples.push(`${at} s  log ${log}  ${String(error)}`);
      }
      await sleep(EVERY_MS);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return samples;
    },
  };
}
