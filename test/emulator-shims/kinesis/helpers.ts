import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient, ListShardsCommand, type Shard } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { randomBytes } from 'node:crypto';
import { createKinesisServer, type KinesisService, type KinesisServiceOptions } from '../../../emulator-shims/kinesis/index.js';
import { eventually } from '../../fixtures/eventually.js';

export interface KinesisAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface StartedKinesis {
  url: string;
  client: KinesisClient;
  service: KinesisService;
  /** A JSON call signed in form like an SDK call (for `region`), as raw as the test wants it. */
  raw(operation: string, body: unknown, options?: { headers?: Record<string, string>; region?: string; account?: string }): Promise<KinesisAnswer>;
  /** An SDK client for another region or account (12-digit access key id). */
  clientFor(region: string, accessKeyId?: string): KinesisClient;
  stop(): Promise<void>;
}

/** The Kinesis service on a loopback port of its own, with an SDK client; stopped at teardown. */
export async function startKinesis(t: { teardown(fn: () => unknown): void }, options: KinesisServiceOptions = {}): Promise<StartedKinesis> {
  const server = await createKinesisServer({ transitionMs: 10, ...options });
  const clients: KinesisClient[] = [];
  const clientFor = (region: string, accessKeyId = 'test') => {
    const client = new KinesisClient({ endpoint: server.url, region, credentials: { accessKeyId, secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler(), maxAttempts: 1 });
    clients.push(client);
    return client;
  };
  const client = clientFor('us-east-1');
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const each of clients) each.destroy();
    await server.close();
  };
  t.teardown(stop);
  const raw: StartedKinesis['raw'] = async (operation, body, { headers = {}, region = 'us-east-1', account = 'test' } = {}) => {
    const response = await fetch(server.url, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: {
        'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Kinesis_20131202.${operation}`, 'x-amz-date': '20260101T000000Z',
        authorization: `AWS4-HMAC-SHA256 Credential=${account}/20260101/${region}/kinesis/aws4_request, SignedHeaders=host, Signature=abc`, ...headers,
      },
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) as Record<string, unknown> : {} };
  };
  return { url: server.url, client, service: server.service, raw, clientFor, stop };
}

/** Waits until the stream is ACTIVE; its shards then. */
export async function waitUntilActive(client: KinesisClient, name: string): Promise<Shard[]> {
  await eventually(`stream ${name} is ACTIVE`, async () => (await client.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary?.StreamStatus === 'ACTIVE');
  return (await client.send(new ListShardsCommand({ StreamName: name }))).Shards ?? [];
}

/** Creates a stream and waits until it is ACTIVE; its shards. */
export async function createActiveStream(client: KinesisClient, name: string, shards: number): Promise<Shard[]> {
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  return waitUntilActive(client, name);
}

export const uniqueStream = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Records of `count` entries with distinct partition keys. */
export const entries = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => ({ Data: Buffer.from(`${prefix}-${index}`), PartitionKey: `${prefix}-${index}` }));

export const texts = (records: { Data?: Uint8Array }[] | undefined): string[] => (records ?? []).map((record) => Buffer.from(record.Data!).toString());
