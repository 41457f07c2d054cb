import { setTimeout as sleep } from 'node:timers/promises';
import { flushFirehose, waitForAgentShipped, type BufferIntervals, type RunningPipeline, type WithoutAdmin } from '../stack/index.js';
import { auditPassed, auditPipeline, type AuditReport } from './audit.js';
import { listKeys } from './bucket.js';
import { readAccessLogs } from './collect.js';
import { predictTransform } from './predict.js';
import { splitLogContent } from './raw-records.js';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export { waitForAgentShipped };

export interface DrainOptions {
  /** Without the admin API: the time (epoch ms) until which Firehose's own delivery is waited for (the scenario's budget). */
  deadline?: number;
  /** A pipeline other scenarios used before: only objects written from this time (epoch ms) on are this scenario's. */
  since?: number;
}

/** How a drain without the admin API ended: everything accounted for, or the budget ran out first. */
export interface Delivery {
  settled: boolean;
  waitedMs: number;
  audit: AuditReport;
}

const POLL_MS = 2_000;

/**
 * Ships everything nginx logged, then: with the admin API, delivers every Firehose buffer now (flush) and
 * resolves when it is in S3; without it (AWS, or the endpoint standing in for it), waits for Firehose's own
 * intervals, reading the bucket with the SDK, until every line is accounted for or the deadline passes.
 */
export async function drainStack(stack: RunningPipeline, options: DrainOptions = {}): Promise<unknown> {
  if (stack.agent.statusUrl) await waitForAgentShipped(stack.agent.statusUrl, stack.nginx.accessLog, undefined, stack.onHost);
  if (stack.withoutAdmin) {
    return waitForDelivery(stack, stack.withoutAdmin, options.deadline ?? Date.now() + defaultBudgetSeconds(stack.withoutAdmin.intervals) * 1000, options.since);
  }
  return flushFirehose(stack.endpoint.url, stack.names.deliveryStream);
}

/**
 * Pure: how long a scenario may wait for delivery when it states no budget: the processor's interval and the
 * longer of the destination's and the backup's, half as long again (AWS says end-to-end can take about 1.5×
 * the interval), plus a minute for reading the stream, invoking the function and writing.
 */
export function defaultBudgetSeconds(intervals: BufferIntervals): number {
  const stages = (intervals.processor ?? 0) + Math.max(intervals.destination, intervals.backup ?? 0);
  return Math.ceil(stages * 1.5) + 60;
}

/**
 * Polls the bucket until the audit accounts for every line written (with the built-in transform, each line's
 * own record), or, for a team's function (whose drops only Firehose counts), until the raw backup holds every
 * line and nothing new has landed for a while after (see settleMs); at the deadline it answers what it found.
 */
async function waitForDelivery(stack: RunningPipeline, withoutAdmin: WithoutAdmin, deadline: number, since: number | undefined): Promise<Delivery> {
  const started = Date.now();
  const s3 = withoutAdmin.s3();
  const bodies = new Map<string, Buffer>();
  const predict = predictTransform(stack.config);
  const { intervals } = withoutAdmin;
  // The backup and the destination buffer the same transformed records from the same moment: once the backup is
  // complete, the destination's buffer is due too, unless its interval is the longer one.
  const settleMs = (Math.max(0, intervals.destination - (intervals.backup ?? 0)) + (intervals.processor ?? 0) + 5) * 1000;
  let previous = '';
  let unchangedSince = Date.now();
  try {
    for (;;) {
      const read = async (prefix: string): Promise<Buffer[]> => {
        const keys = await listKeys(s3, stack.names.bucket, prefix, since);
        for (const key of keys.filter((known) => !bodies.has(known))) bodies.set(key, await getBody(s3, stack.names.bucket, key));
        return keys.map((key) => bodies.get(key)!);
      };
      const success = await read(stack.prefixes.success);
      const errors = await read(stack.prefixes.error);
      const backup = stack.prefixes.backup === null ? null : await read(stack.prefixes.backup);
      const audit = auditPipeline({ logs: readAccessLogs(stack.nginx.accessLog), success, errors, backup, ...(predict ? { predict } : {}) });
      const fingerprint = String(bodies.size);
      if (fingerprint !== previous) [previous, unchangedSince] = [fingerprint, Date.now()];
      const settled = predict
        ? auditPassed(audit)
        : (audit.shipped === null || audit.shipped.missing.length === 0) && audit.delivered + audit.failed > 0 && Date.now() - unchangedSince >= settleMs;
      if (settled || Date.now() >= deadline) return { settled, waitedMs: Date.now() - started, audit };
      await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
    }
  } finally {
    s3.destroy();
  }
}

async function getBody(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await response.Body!.transformToByteArray());
}

/** The lines nginx (and append steps) wrote to the access log and its rotations, without their newlines. */
export function accessLogLines(stack: RunningPipeline): string[] {
  return readAccessLogs(stack.nginx.accessLog).flatMap(({ content }) => splitLogContent(content).lines);
}
