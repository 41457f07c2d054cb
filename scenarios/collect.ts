import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { localS3Client } from '../provision/index.js';
import type { AuditInput } from './audit.js';
import { gunzipObject, listKeys, readKeys } from './bucket.js';

export interface AuditTarget {
  endpoint: string;
  region: string;
  bucket: string;
  deliveryStream: string;
  accessLog: string;
  prefixes: { success: string; error: string; backup: string | null };
}

/** The access log and its rotated copies (`access.log*`), oldest rotation first, the live file last. */
export function readAccessLogs(accessLog: string): AuditInput['logs'] {
  const name = basename(accessLog);
  const names = readdirSync(dirname(accessLog)).filter((file) => file.startsWith(name));
  // access.log.2 is older than access.log.1, which is older than access.log.
  const rank = (file: string) => (file === name ? -1 : Number(/^\.(\d+)/.exec(file.slice(name.length))?.[1] ?? 0));
  names.sort((a, b) => rank(b) - rank(a) || a.localeCompare(b));
  return names.map((file) => ({ name: file, content: readFileSync(join(dirname(accessLog), file)) }));
}

/** Objects read so far and how many there are, once the three prefixes are listed. */
export type ReadProgress = (done: number, total: number) => void;

/** Reads everything the audit compares from a running stack: its log files, bucket (gzip objects gunzipped) and Firehose metrics. */
export async function collectAuditInput(target: AuditTarget, onProgress?: ReadProgress): Promise<Omit<AuditInput, 'predict'>> {
  const s3 = localS3Client(target.endpoint, target.region);
  try {
    const success = await listKeys(s3, target.bucket, target.prefixes.success);
    const errors = await listKeys(s3, target.bucket, target.prefixes.error);
    const backup = target.prefixes.backup === null ? null : await listKeys(s3, target.bucket, target.prefixes.backup);
    const total = success.length + errors.length + (backup?.length ?? 0);
    let done = 0;
    onProgress?.(done, total);
    const bodies = async (keys: string[]) => (await readKeys(s3, target.bucket, keys, () => onProgress?.((done += 1), total))).map(({ body }) => gunzipObject(body));
    return await auditInputFrom(target, {
      success: await bodies(success),
      errors: await bodies(errors),
      backup: backup === null ? null : await bodies(backup),
    });
  } finally {
    s3.destroy();
  }
}

/** The audit's input from object bodies already read, plus the log files and Firehose metrics. */
export async function auditInputFrom(target: AuditTarget, bodies: Pick<AuditInput, 'success' | 'errors' | 'backup'>): Promise<Omit<AuditInput, 'predict'>> {
  const dropped = await readMetric(target.endpoint, target.deliveryStream, 'Dropped.Records');
  const succeeded = await readMetric(target.endpoint, target.deliveryStream, 'SucceedProcessing.Records');
  return {
    logs: readAccessLogs(target.accessLog), ...bodies,
    ...(dropped === undefined ? {} : { droppedMetric: dropped }),
    ...(succeeded === undefined ? {} : { succeededMetric: succeeded }),
  };
}

/** One Firehose metric from `GET /_hosepipe/metrics`, when the endpoint reports it. */
async function readMetric(endpoint: string, deliveryStream: string, metric: string): Promise<number | undefined> {
  try {
    const response = await fetch(`${endpoint}/_hosepipe/metrics`);
    const body = (await response.json()) as { deliveryStreams?: Record<string, Record<string, number>> };
    const value = body.deliveryStreams?.[deliveryStream]?.[metric];
    return typeof value === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}
