import test, { type ExecutionContext } from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { waitUntilActive } from './helpers.js';

// A put is answered only once its records are in the shard's segment file: a kill -9 of the endpoint
// at any moment must not lose a record it acknowledged.

const FIXTURE = fileURLToPath(new URL('./fixtures/edge-process.ts', import.meta.url));

interface Endpoint { child: ChildProcess; client: KinesisClient }

async function startEndpoint(t: ExecutionContext, stateDir: string): Promise<Endpoint> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, stateDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const [url] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const client = new KinesisClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler(), maxAttempts: 1 });
  t.teardown(() => client.destroy());
  return { child, client };
}

async function killHard(endpoint: Endpoint): Promise<void> {
  const exited = once(endpoint.child, 'exit');
  endpoint.child.kill('SIGKILL');
  await exited;
}

/** Every record of every shard, shard by shard, each in its shard's order. */
async function readAll(client: KinesisClient, stream: string): Promise<Map<string, { data: string; sequence: string }[]>> {
  const read = new Map<string, { data: string; sequence: string }[]>();
  for (const shard of (await client.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? []) {
    let iterator = (await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    const records: { data: string; sequence: string }[] = [];
    for (;;) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
      records.push(...(page.Records ?? []).map((record) => ({ data: Buffer.from(record.Data!).toString(), sequence: record.SequenceNumber! })));
      iterator = page.NextShardIterator;
      if ((page.Records ?? []).length === 0 || !iterator) break;
    }
    read.set(shard.ShardId!, records);
  }
  return read;
}

test('records acknowledged before a kill -9 of the endpoint are all there after it starts again, in order, once', async (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-kinesis-kill-'));
  t.teardown(() => rmSync(stateDir, { recursive: true, force: true }));
  const first = await startEndpoint(t, stateDir);
  await first.client.send(new CreateStreamCommand({ StreamName: 'durable', ShardCount: 2 }));
  await waitUntilActive(first.client, 'durable');
  const iteratorBefore = (await first.client.send(new GetShardIteratorCommand({ StreamName: 'durable', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;

  const acknowledged = new Map<string, string>();
  let stop = false;
  const writers = Array.from({ length: 4 }, async (_, writer) => {
    for (let call = 0; !stop; call += 1) {
      const records = Array.from({ length: 50 }, (_, index) => ({ Data: Buffer.from(`w${writer}-c${call}-r${index}`), PartitionKey: `p${index}` }));
      try {
        const answer = await first.client.send(new PutRecordsCommand({ StreamName: 'durable', Records: records }));
        answer.Records!.forEach((result, index) => acknowledged.set(`w${writer}-c${call}-r${index}`, result.SequenceNumber!));
      } catch {
        return; // the endpoint is gone
      }
    }
  });
  while (acknowledged.size < 2000) await new Promise((resolve) => setTimeout(resolve, 5));
  await killHard(first);
  stop = true;
  await Promise.all(writers);

  const second = await startEndpoint(t, stateDir);
  const read = await readAll(second.client, 'durable');
  const all = [...read.values()].flat();
  const byData = new Map(all.map((record) => [record.data, record.sequence]));
  const lost = [...acknowledged].filter(([data, sequence]) => byData.get(data) !== sequence);
  t.deepEqual(lost, [], 'every acknowledged record is there with its sequence number');
  t.is(byData.size, all.length, 'no record twice');
  for (const [shardId, records] of read) {
    const sequences = records.map((record) => BigInt(record.sequence));
    t.true(sequences.every((sequence, index) => index === 0 || sequence > sequences[index - 1]!), `${shardId} in order`);
  }
  // An iterator issued before the kill still reads; new records follow the old ones.
  t.true(((await second.client.send(new GetRecordsCommand({ ShardIterator: iteratorBefore }))).Records ?? []).length > 0);
  const after = await second.client.send(new PutRecordsCommand({ StreamName: 'durable', Records: [{ Data: Buffer.from('after'), PartitionKey: 'p0' }] }));
  const shardRecords = read.get(after.Records![0]!.ShardId!)!;
  t.true(BigInt(after.Records![0]!.SequenceNumber!) > BigInt(shardRecords.at(-1)!.sequence));
  await killHard(second);
});

test('a segment file torn by a crash does not stop the endpoint from starting; the whole records before the tear are read', async (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-kinesis-torn-'));
  t.teardown(() => rmSync(stateDir, { recursive: true, force: true }));
  const first = await startEndpoint(t, stateDir);
  await first.client.send(new CreateStreamCommand({ StreamName: '..', ShardCount: 1 }));
  await waitUntilActive(first.client, '..');
  await first.client.send(new PutRecordsCommand({ StreamName: '..', Records: Array.from({ length: 10 }, (_, index) => ({ Data: Buffer.from(`r${index}`), PartitionKey: 'k' })) }));
  await killHard(first);
  const folder = join(stateDir, 'kinesis', '000000000000', 'us-east-1', '%2E%2E');
  const [segment] = readdirSync(folder).filter((name) => name.endsWith('.log'));
  appendFileSync(join(folder, segment!), Buffer.from([0x48, 0x50, 0x4b, 0x31, 0, 0, 0, 40, 1, 2]));

  const second = await startEndpoint(t, stateDir);
  const read = [...(await readAll(second.client, '..')).values()].flat();
  t.deepEqual(read.map((record) => record.data), Array.from({ length: 10 }, (_, index) => `r${index}`));
  await second.client.send(new PutRecordsCommand({ StreamName: '..', Records: [{ Data: Buffer.from('r10'), PartitionKey: 'k' }] }));
  t.is([...(await readAll(second.client, '..')).values()].flat().at(-1)?.data, 'r10');
  await killHard(second);
});
