import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient, ListShardsCommand, type Shard } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createServer } from 'node:http';
import { callKinesalite, type KinesaliteAnswer } from '../../../emulator-shims/engines/kinesalite-call.js';
import { createKinesisEngine } from '../../../emulator-shims/engines/index.js';

export interface StartedKinesis {
  client: KinesisClient;
  /** A JSON call through the engine's front, signed in form like an SDK call. */
  raw(operation: string, body: unknown, headers?: Record<string, string>): Promise<KinesaliteAnswer>;
  /** The same call to bare kinesalite, for comparing answers. */
  bare(operation: string, body: unknown): Promise<KinesaliteAnswer>;
  stop(): Promise<void>;
}

/** The Kinesis engine on a loopback port of its own, with an SDK client; stopped at teardown. */
export async function startKinesis(t: { teardown(fn: () => unknown): void }, path?: string): Promise<StartedKinesis> {
  const engine = createKinesisEngine({ streamTransitionMs: 10, ...(path ? { path } : {}) });
  const server = createServer((request, response) => void engine.handle(request, response, { scope: { accountId: '000000000000', region: 'us-east-1' } }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const client = new KinesisClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler(), maxAttempts: 1 });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
    await engine.close();
  };
  t.teardown(stop);
  const raw = async (operation: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: {
        'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Kinesis_20131202.${operation}`, 'x-amz-date': '20260101T000000Z',
        authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=abc', ...headers,
      },
    });
    return { status: response.status, body: await response.json() as Record<string, unknown> };
  };
  return { client, raw, bare: (operation, body) => callKinesalite(engine.engineListener, operation, body), stop };
}

/** Waits until the stream is ACTIVE; its shards then. */
export async function waitUntilActive(client: KinesisClient, name: string): Promise<Shard[]> {
  while ((await client.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary?.StreamStatus !== 'ACTIVE') {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return (await client.send(new ListShardsCommand({ StreamName: name }))).Shards ?? [];
}

/** Creates a stream and waits until it is ACTIVE; its shards. */
export async function createActiveStream(client: KinesisClient, name: string, shards: number): Promise<Shard[]> {
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  return waitUntilActive(client, name);
}
