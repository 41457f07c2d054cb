import test from 'ava';
import { appendFile, rename, truncate, writeFile, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startAgent, type AgentOptions } from '../../agent/index.js';
import { createStream, duplicates, numberedLines, readAllLines, startKinesalite, tempDir, uniqueName, waitFor } from './helpers.js';

async function setup(t: Parameters<Parameters<typeof test>[1]>[0], shards = 1) {
  const kinesis = await startKinesalite(t);
  const stream = uniqueName('access');
  await createStream(kinesis.client, stream, shards);
  const dir = await tempDir(t);
  const logs: string[] = [];
  const options = (overrides: Partial<AgentOptions> = {}): AgentOptions => ({
    files: join(dir, 'access.log*'),
    stream,
    endpoint: kinesis.endpoint,
    region: 'us-east-1',
    checkpointFile: join(dir, 'state', 'checkpoint.json'),
    initialPosition: 'START_OF_FILE',
    maxBufferAgeMs: 50,
    pollIntervalMs: 20,
    rotateWaitMs: 200,
    log: (line) => logs.push(line),
    ...overrides,
  });
  return { ...kinesis, stream, dir, logs, options };
}

test('lines appended to a file arrive in order, each record one line with its newline', async (t) => {
  const { client, stream, dir, options } = await setup(t);
  const log = join(dir, 'access.log');
  await writeFile(log, numberedLines('a', 1, 100).join(''));
  const agent = await startAgent(options());
  t.teardown(() => agent.stop());
  await appendFile(log, numberedLines('a', 101, 250).join(''));
  await waitFor('250 records in the stream', async () => (await readAllLines(client, stream)).length >= 250);
  t.deepEqual(await readAllLines(client, stream), numberedLines('a', 1, 250));
  t.is(agent.stats().linesRead, 250);
});
