import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AuditInput } from './audit.js';
import { readObjects } from './bucket.js';

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

/** Reads everything the audit compares from a running stack: its log files, bucket and Firehose metrics. */
export async function collectAuditInput(target: AuditTarget): Promise<Omit<AuditInput, 'predict'>> {
  const s3 = new S3Client({
    endpoint: target.endpoint, region: target.region, forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler(),
  });
  try {
    const bodies = async (prefix: string) => (await readObjects(s3, target.bucket, prefix)).map(({ body }) => body);
    const dropped = await readDroppedMetric(target.endpoint, target.deliveryStream);
    return {
      logs: readAccessLogs(target.accessLog),
      success: await bodies(target.prefixes.success),
      errors: await bodies(target.prefixes.error),
      backup: target.prefixes.backup === null ? null : await bodies(target.prefixes.backup),
      ...(dropped === undefined ? {} : { droppedMetric: dropped }),
    };
  } finally {
    s3.destroy();
  }
}

/** `Dropped.Records` from `GET /_hosepipe/metrics`, when the endpoint reports it. */
async function readDroppedMetric(endpoint: string, deliveryStream: string): Promise<number | undefined> {
  try {
    const response = await fetch(`${endpoint}/_hosepipe/metrics`);
    const body = (await response.json()) as { deliveryStreams?: Record<string, Record<string, number>> };
    const value = body.deliveryStreams?.[deliveryStream]?.['Dropped.Records'];
    return typeof value === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}
