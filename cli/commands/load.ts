import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { loadPipelineConfig } from '../../provision/index.js';
import {
  auditPassed, auditPipeline, collectAuditInput, formatAudit, formatLoadTable, generateTraffic, predictTransform, renderCombinedLine, replayTraffic, splitLogLines, summarizeLoad,
  waitForAgentShipped, type LoadItem, type SentItem,
} from '../../scenarios/index.js';
import { UsageError } from '../flags.js';
import { configPath, stateDir as resolveStateDir } from '../paths.js';
import { startProgress } from '../progress.js';
import { readRunningState, type RunState } from '../run-state.js';
import { flushFirehose } from '../../stack/drain.js';

const PUT_RECORDS_BATCH = 500;

/**
 * `hosepipe load`: replays a log file (--file) or generates traffic (normal requests, scanner probes,
 * binary garbage), to nginx over HTTP or (--to stream) as PutRecords into the stream, then drains and
 * prints per pattern, status class and parse outcome: sent, delivered, failed, error rate.
 */
export async function load(flags: Record<string, string | boolean>): Promise<number> {
  const running = readRunningState(resolveStateDir(flags));
  // A Terraform root's pipeline is described by its state, not hosepipe.yaml.
  const config = running.kind === 'terraform' ? undefined : loadPipelineConfig(configPath(flags));
  const region = running.region ?? config?.region ?? 'us-east-1';
  const to = typeof flags.to === 'string' ? flags.to : 'nginx';
  if (to !== 'nginx' && to !== 'stream') throw new UsageError(`load: --to must be nginx or stream, got '${to}'`);
  const count = positive(flags, 'count', 1000);
  const concurrency = positive(flags, 'concurrency', 16);
  const rate = flags.rate === undefined ? undefined : positive(flags, 'rate', 1);
  const runId = `l${Date.now().toString(36)}`;
  const items = typeof flags.file === 'string'
    ? replayTraffic(splitLogLines(readFileSync(flags.file)), runId).slice(0, flags.count === undefined ? undefined : count)
    : generateTraffic(count, runId, Number(flags.seed ?? 1));
  if (items.length === 0) throw new UsageError(`load: no combined-format lines to replay in ${String(flags.file)}`);

  const progress = startProgress('load', items.length, { noun: 'sent' });
  const onSent = (): void => progress.tick();
  const sent = to === 'nginx'
    ? await sendToNginx(running, items, { concurrency, rate, onSent })
    : await putIntoStream(running, region, items, { rate, onSent });
  progress.done();

  console.error('draining: waiting for the agent, then flushing Firehose');
  if (to === 'nginx' && running.agentStatusUrl) await waitForAgentShipped(running.agentStatusUrl, running.accessLog);
  for (const name of running.deliveryStreams ?? [running.deliveryStream]) await flushFirehose(running.endpoint, name);
  const input = await collectAuditInput({ endpoint: running.endpoint, region, bucket: running.bucket, deliveryStream: running.deliveryStream, accessLog: running.accessLog, prefixes: running.prefixes });
  const lines = to === 'nginx' ? input.logs.flatMap(({ content }) => splitLogLines(content)) : sent.lines;
  const success = input.success.flatMap((body) => splitLogLines(body));
  const failed = input.errors.flatMap((body) => failedLines(body));
  if (config === undefined) {
    // The team's function in a Terraform root: no per-pattern prediction, so every line is accounted for by outcome.
    console.log(`sent ${sent.items.length} to ${to}; the Terraform root's function is the team's own, so the lines are accounted for by outcome:`);
    const report = auditPipeline(input);
    console.log(formatAudit(report));
    return auditPassed(report) ? 0 : 1;
  }
  const predict = predictTransform(config);
  // The report matches each line to the built-in transform's output; a team's function has no such prediction.
  if (predict === undefined) throw new Error('hosepipe load reports per pattern only for the built-in transform; with transform.code, run `hosepipe audit`');
  console.log(formatLoadTable(summarizeLoad(sent.items, lines, predict, success, failed)));
  return 0;
}

function positive(flags: Record<string, string | boolean>, name: string, fallback: number): number {
  const value = flags[name];
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new UsageError(`load: --${name} must be a positive number, got '${String(value)}'`);
  return number;
}

interface Pace { rate: number | undefined; onSent: () => void }

/** Requests per second over all workers: item i leaves no earlier than i / rate seconds after the start. */
function pacer(rate: number | undefined): (index: number) => Promise<void> {
  const started = performance.now();
  return async (index) => {
    if (!rate) return;
    const due = started + (index * 1000) / rate - performance.now();
    if (due > 0) await sleep(due);
  };
}

async function sendToNginx(running: RunState, items: LoadItem[], options: Pace & { concurrency: number }): Promise<{ items: SentItem[]; lines: string[] }> {
  const url = new URL(running.nginxUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const wait = pacer(options.rate);
  const sent: SentItem[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index]!;
      await wait(index);
      const status = item.raw ? await sendRaw(url, item.raw) : await sendRequest(url, agent, item);
      sent.push({ pattern: item.pattern, tag: item.tag, status });
      options.onSent();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, items.length) }, worker));
  } finally {
    agent.destroy();
  }
  return { items: sent, lines: [] };
}

function sendRequest(url: URL, agent: Agent, item: LoadItem): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method: item.method, path: item.path, headers: item.headers, agent }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', () => resolve(0));
    req.end();
  });
}

/** Bytes on the HTTP port; nginx answers 400 (read from the reply) and logs them escaped. */
function sendRaw(url: URL, bytes: Buffer): Promise<number> {
  return new Promise((resolve) => {
    let reply = '';
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    socket.setTimeout(10_000, () => socket.destroy());
    socket.once('connect', () => socket.end(bytes));
    socket.on('data', (chunk: Buffer) => { reply += chunk.toString('latin1'); });
    socket.once('close', () => resolve(Number(/^HTTP\/1\.\d (\d{3})/.exec(reply)?.[1] ?? 0)));
    socket.once('error', () => {});
  });
}

async function putIntoStream(running: RunState, region: string, items: LoadItem[], options: Pace): Promise<{ items: SentItem[]; lines: string[] }> {
  const client = new KinesisClient({ endpoint: running.endpoint, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() });
  const wait = pacer(options.rate);
  const sent: SentItem[] = [];
  const lines: string[] = [];
  try {
    for (let start = 0; start < items.length; start += PUT_RECORDS_BATCH) {
      await wait(start);
      let batch = items.slice(start, start + PUT_RECORDS_BATCH).map((item, index) => {
        const status = item.raw ? 400 : Number(/^\/status\/(\d{3})/.exec(item.path)?.[1] ?? 200);
        const line = renderCombinedLine(item, status, new Date());
        return { item, status, line, entry: { Data: Buffer.from(`${line}\n`, 'latin1'), PartitionKey: `${start + index}` } };
      });
      // Only the failed entries go again, as the agent does.
      while (batch.length > 0) {
        const result = await client.send(new PutRecordsCommand({ StreamName: running.stream, Records: batch.map(({ entry }) => entry) }));
        const failed = batch.filter((_, index) => result.Records?.[index]?.ErrorCode);
        for (const done of batch.filter((_, index) => !result.Records?.[index]?.ErrorCode)) {
          sent.push({ pattern: done.item.pattern, tag: done.item.tag, status: done.status });
          lines.push(done.line);
          options.onSent();
        }
        if (failed.length > 0) await sleep(100);
        batch = failed;
      }
    }
  } finally {
    client.destroy();
  }
  return { items: sent, lines };
}

function failedLines(body: Buffer): string[] {
  return body.toString('utf8').split('\n').filter(Boolean).map((line) => Buffer.from(String((JSON.parse(line) as { rawData?: string }).rawData ?? ''), 'base64').toString('latin1').replace(/\n$/, ''));
}
