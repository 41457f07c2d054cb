import {
  CreateStreamCommand,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { ExecutionContext } from 'ava';
import { createKinesisServer } from '../../emulator-shims/kinesis/index.js';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../fixtures/eventually.js';


export interface LocalKinesis {
  endpoint: string;
  client: KinesisClient;
}

/** hosepipe's own Kinesis service, in memory, on 127.0.0.1; closed when the test ends. */
export async function startKinesis(t: ExecutionContext): Promise<LocalKinesis> {
  const server = await createKinesisServer({ transitionMs: 0 });
  const endpoint = server.url;
  const client = new KinesisClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: new NodeHttpHandler(),
  });
  t.teardown(async () => {
    client.destroy();
    await server.close();
  });
  return { endpoint, client };
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export async function createStream(client: KinesisClient, name: string, shards = 1): Promise<void> {
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  await waitFor(`stream ${name} to become ACTIVE`, async () => {
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamName: name }));
    return StreamDescription?.StreamStatus === 'ACTIVE';
  });
}

/** Every record in the stream, shard by shard from TRIM_HORIZON (each shard in order). */
export async function readAllRecords(client: KinesisClient, stream: string): Promise<Array<{ shard: string; data: Buffer }>> {
  const { Shards = [] } = await client.send(new ListShardsCommand({ StreamName: stream }));
  const records: Array<{ shard: string; data: Buffer }> = [];
  for (const shard of Shards) {
    let { ShardIterator: iterator } = await client.send(new GetShardIteratorCommand({
      StreamName: stream, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON',
    }));
    while (iterator) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      for (const record of page.Records ?? []) records.push({ shard: shard.ShardId!, data: Buffer.from(record.Data!) });
      if ((page.Records ?? []).length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return records;
}

/** The records as text lines (each record is one line with its newline). */
export async function readAllLines(client: KinesisClient, stream: string): Promise<string[]> {
  return (await readAllRecords(client, stream)).map((record) => record.data.toString('utf8'));
}

/**
 * Polls `check` until it returns true (an error thrown meanwhile counts as not yet); fails naming what it waited for.
 * 30 s unless given, the eventually fixture's budget for a loaded machine.
 */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  await eventually(what, check, { timeoutMs, everyMs: 25, retryErrors: true });
}

export async function tempDir(t: ExecutionContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hosepipe-agent-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export function numberedLines(prefix: string, from: number, to: number): string[] {
  const lines: string[] = [];
  for (let n = from; n <= to; n++) lines.push(`${prefix} line ${n}\n`);
  return lines;
}

/** Lines that occur more than once, with their counts. */
export function duplicates(lines: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
  return new Map([...counts].filter(([, count]) => count > 1));
}
