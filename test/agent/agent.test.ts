import test, { type ExecutionContext } from 'ava';
import { appendFile, rename, truncate, writeFile, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { joinRecordParts, parseRecordPart, startAgent, type AgentOptions } from '../../agent/index.js';
import { sendRaw } from '../hostile/harness.js';
import { createStream, duplicates, numberedLines, readAllLines, readAllRecords, startKinesis, tempDir, uniqueName, waitFor } from './helpers.js';

async function setup(t: ExecutionContext, shards = 1) {
  const kinesis = await startKinesis(t);
  const stream = uniqueName('access');
  await createStream(kinesis.client, stream, shards);
  const dir = await tempDir(t);
  const logs: string[] = [];
  t.teardown(() => {
    if (!t.passed) console.error(`agent log of "${t.title}":\n  ${logs.join('\n  ')}`);
  });
  const options = (overrides: Partial<AgentOptions> = {}): AgentOptions => ({
    files: join(dir, 'access.log*'),
    stream,
    endpoint: kinesis.endpoint,
    region: 'us-east-1',
    checkpointFile: join(dir, 'state', 'checkpoint.json'),
    initialPosition: 'START_OF_FILE',
    maxBufferAgeMs: 50,
    pollIntervalMs: 20,
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

test('with polling a minute apart, appends after quiet spells are each noticed through the watcher, which re-arms after every read', async (t) => {
  const { client, stream, dir, options } = await setup(t);
  const log = join(dir, 'access.log');
  await writeFile(log, '');
  const agent = await startAgent(options({ pollIntervalMs: 60_000 }));
  t.teardown(() => agent.stop());
  for (let round = 1; round <= 4; round++) {
    // Several writes per round: the first closes the watcher, the rest arrive while it is closed.
    for (let line = 1; line <= 5; line++) await appendFile(log, `round ${round} line ${line}\n`);
    await waitFor(`${round * 5} records in the stream`, async () => (await readAllLines(client, stream)).length >= round * 5);
  }
  t.deepEqual(await readAllLines(client, stream), [1, 2, 3, 4].flatMap((round) => [1, 2, 3, 4, 5].map((line) => `round ${round} line ${line}\n`)));
});

test('a last line without its newline waits until the newline is written', async (t) => {
  const { client, stream, dir, options } = await setup(t);
  const log = join(dir, 'access.log');
  await writeFile(log, 'first\nsecond half');
  const agent = await startAgent(options());
  t.teardown(() => agent.stop());
  await agent.flush();
  t.deepEqual(await readAllLines(client, stream), ['first\n']);
  await appendFile(log, '-done\nthird\n');
  await waitFor('three lines in the stream', async () => (await readAllLines(client, stream)).length >= 3);
  t.deepEqual(await readAllLines(client, stream), ['first\n', 'second half-done\n', 'third\n']);
});

test('rename rotation finishes the renamed file and follows the new one without loss or duplicates', async (t) => {
  const { client, stream, dir, options } = await setup(t);
  const log = join(dir, 'access.log');
  await writeFile(log, numberedLines('old', 1, 50).join(''));
  const agent = await startAgent(options());
  t.teardown(() => agent.stop());
  await agent.flush();
  // logrotate renames; nginx keeps writing to the renamed inode until `nginx -s reopen`.
  await rename(log, `${log}.1`);
  await appendFile(`${log}.1`, numberedLines('old', 51, 80).join(''));
  await writeFile(log, numberedLines('new', 1, 40).join(''));
  await waitFor('120 records in the stream', async () => (await readAllLines(client, stream)).length >= 120);
  await agent.flush();
  const lines = await readAllLines(client, stream);
  t.deepEqual(duplicates(lines), new Map());
  t.deepEqual([...lines].sort(), [...numberedLines('old', 1, 80), ...numberedLines('new', 1, 40)].sort());
  t.deepEqual(lines.filter((line) => line.startsWith('old')), numberedLines('old', 1, 80));
});

test('a followed file renamed out of a single-file pattern is still drained', async (t) => {
  const { client, stream, dir, options } = await setup(t);
  const log = join(dir, 'access.log');
  await writeFile(log, numberedLines('old', 1, 10).join(''));
  const agent = await startAgent(options({ files: log }));
  t.teardown(() => agent.stop());
  await agent.flush();
  await rename(log, join(dir, 'rotated.log'));
  await appendFile(join(dir, 'rotated.log'), numberedLines('old', 11, 20).join(''));
  await writeFile(log, numberedLines('new', 1, 5).join(''));
  await waitFor('25 records in the stream', async () => (await readAllLines(client, stream)).length >= 25);
  const lines = await readAllLines(client, stream);
  t.deepEqual(lines.filter((line) => line.startsWith('old')), numberedLines('old', 1, 20));
  t.deepEqual(lines.filter((line) => line.startsWith('new')), numberedLines('new', 1, 5));
});

test('copytruncate restarts the same inode from offset 0 and the copy is not resent', async (t) => {
  const { client, stream, dir, options, logs } = await setup(t);
  const log = join(dir, 'access.log');
  // Over 1 KiB so the copy is recognised by its fingerprint.
  await writeFile(log, numberedLines('before', 1, 100).join(''));
  const agent = await startAgent(options());
  t.teardown(() => agent.stop());
  await agent.flush();
  await appendFile(log, numberedLines('before', 101, 110).join(''));
  await copyFile(log, `${log}.1`);
  await truncate(log, 0);
  await appendFile(log, numberedLines('after', 1, 30).join(''));
  await waitFor('140 records in the stream', async () => (await readAllLines(client, stream)).length >= 140);
  await agent.flush();
  const lines = await readAllLines(client, stream);
  t.log(logs.join('\n'));
  t.deepEqual(duplicates(lines), new Map());
  t.deepEqual([...lines].sort(), [...numberedLines('before', 1, 110), ...numberedLines('after', 1, 30)].sort());
});

test('a restarted agent resumes from the checkpoint without duplicates', async (t) => {
  const { client, stream, dir, options } = await setup(t);
  const log = join(dir, 'access.log');
  await writeFile(log, numberedLines('a', 1, 30).join(''));
  const first = await startAgent(options());
  await first.flush();
  await first.stop();
  await appendFile(log, numberedLines('a', 31, 60).join(''));
  // Rotated while the agent was down: the checkpointed inode is found under its new name.
  await rename(log, `${log}.1`);
  await writeFile(log, numberedLines('b', 1, 10).join(''));
  const second = await startAgent(options());
  t.teardown(() => second.stop());
  await second.flush();
  const lines = await readAllLines(client, stream);
  t.deepEqual(duplicates(lines), new Map());
  t.deepEqual(lines.filter((line) => line.startsWith('a')), numberedLines('a', 1, 60));
  t.deepEqual(lines.filter((line) => line.startsWith('b')), numberedLines('b', 1, 10));
});

test('END_OF_FILE skips what a file held at the first start but reads later lines and new files', async (t) => {
  const { client, stream, dir, options } = await setup(t);
  const log = join(dir, 'access.log');
  await writeFile(log, 'old 1\nold 2\n');
  const agent = await startAgent(options({ initialPosition: 'END_OF_FILE' }));
  t.teardown(() => agent.stop());
  await appendFile(log, 'new 1\n');
  await writeFile(`${log}.2`, 'created 1\n');
  await waitFor('two records', async () => (await readAllLines(client, stream)).length >= 2);
  await agent.flush();
  t.deepEqual((await readAllLines(client, stream)).sort(), ['created 1\n', 'new 1\n']);
});

test('GET /status serves the counters as JSON on 127.0.0.1', async (t) => {
  const { dir, options } = await setup(t);
  await writeFile(join(dir, 'access.log'), 'one\ntwo\n');
  const agent = await startAgent(options({ statusPort: 0 }));
  t.teardown(() => agent.stop());
  await agent.flush();
  t.regex(agent.statusUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+\/status$/);
  const status = await (await fetch(agent.statusUrl!)).json() as { linesRead: number; recordsSent: number; bytesBehind: number; files: unknown[] };
  t.is(status.linesRead, 2);
  t.is(status.recordsSent, 2);
  t.is(status.bytesBehind, 0);
  t.is(status.files.length, 1);
});

// 127.0.0.2 is loopback too, but only a server bound to every interface answers there.
test('the status server answers on 127.0.0.1 only unless statusHost names every interface, as a container needs', async (t) => {
  const { dir, options } = await setup(t);
  await writeFile(join(dir, 'access.log'), 'one\n');
  const loopback = await startAgent(options({ statusPort: 0 }));
  t.teardown(() => loopback.stop());
  const everywhere = await startAgent(options({ statusPort: 0, statusHost: '0.0.0.0', checkpointFile: join(dir, 'cp2.json') }));
  t.teardown(() => everywhere.stop());
  // Reached at 127.0.0.2 under a Host of 127.0.0.1: the server answers only loopback names (see test/hostile/agent-status).
  const at = (url: string) => url.replace('127.0.0.1', '127.0.0.2');
  const statusAt = (url: string) => sendRaw(at(url).replace(/\/status$/, ''), { path: '/status', headers: { host: new URL(url).host } });
  await t.throwsAsync(statusAt(loopback.statusUrl!));
  t.regex(everywhere.statusUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+\/status$/);
  t.is((await statusAt(everywhere.statusUrl!)).status, 200);
});

test('aborting the signal drains and writes the checkpoint', async (t) => {
  const { client, stream, dir, options } = await setup(t);
  await writeFile(join(dir, 'access.log'), numberedLines('a', 1, 20).join(''));
  const controller = new AbortController();
  // A long buffer age: only the drain can send these.
  const agent = await startAgent(options({ signal: controller.signal, maxBufferAgeMs: 600_000 }));
  controller.abort();
  await agent.stop();
  t.deepEqual(await readAllLines(client, stream), numberedLines('a', 1, 20));
});

test('a line over the Kinesis record limit is split into parts that rejoin to the original line', async (t) => {
  const { client, stream, dir, options, logs } = await setup(t);
  const huge = `${'x'.repeat(2_500_000)}\n`;
  await writeFile(join(dir, 'access.log'), `before\n${huge}after\n`);
  const agent = await startAgent(options());
  t.teardown(() => agent.stop());
  await agent.flush();
  const records = (await readAllRecords(client, stream)).map((record) => record.data);
  t.is(records.length, 5);
  t.true(records.every((record) => record.length <= 1_048_576));
  const { lines, incomplete } = joinRecordParts(records);
  t.deepEqual(lines.map((line) => line.toString()), ['before\n', huge, 'after\n']);
  t.deepEqual(incomplete, []);
  t.is(agent.stats().oversizeLines, 1);
  t.true(logs.some((line) => line.includes('over the Kinesis record limit; split into 3 parts')));
});

test('with several batches in flight every line arrives once, a split line rejoins, and the checkpoint ends at the last line', async (t) => {
  const { client, stream, dir, options } = await setup(t, 4);
  const log = join(dir, 'access.log');
  const huge = `${'y'.repeat(2_500_000)}\n`;
  await writeFile(log, numberedLines('m', 1, 900).join(''));
  const agent = await startAgent(options({ maxBatchesInFlight: 4, maxBufferSizeRecords: 20, maxBufferAgeMs: 5 }));
  t.teardown(() => agent.stop());
  await appendFile(log, `${numberedLines('m', 901, 1000).join('')}${huge}${numberedLines('m', 1001, 1500).join('')}`);
  const size = Buffer.byteLength(numberedLines('m', 1, 1500).join('')) + huge.length;
  await waitFor('the checkpoint at the end of the file', () => agent.stats().files[0]?.checkpointOffset === size);
  const records = (await readAllRecords(client, stream)).map((record) => record.data);
  // The parts share a shard and are read from it in order.
  t.deepEqual(records.map((record) => parseRecordPart(record)?.index).filter((index) => index !== undefined), [1, 2, 3]);
  const { lines, incomplete } = joinRecordParts(records);
  const text = lines.map((line) => line.toString());
  t.deepEqual(incomplete, []);
  t.deepEqual(text.filter((line) => line !== huge).sort(), numberedLines('m', 1, 1500).sort());
  t.is(text.filter((line) => line === huge).length, 1);
  t.is(duplicates(text).size, 0);
  t.is(agent.stats().recordsSent, 1503);
});

test('with oversize truncate a long line is cut to one record ending in a newline', async (t) => {
  const { client, stream, dir, options } = await setup(t);
  await writeFile(join(dir, 'access.log'), `${'y'.repeat(1_200_000)}\nshort\n`);
  const agent = await startAgent(options({ oversize: 'truncate' }));
  t.teardown(() => agent.stop());
  await agent.flush();
  const records = (await readAllRecords(client, stream)).map((record) => record.data);
  t.is(records.length, 2);
  t.true(records[0]!.length <= 1_048_576 && records[0]!.length > 1_048_000);
  t.is(records[0]!.at(-1), 0x0a);
  t.is(records[1]!.toString(), 'short\n');
  t.is(agent.stats().oversizeLines, 1);
});

test('a file renamed out of the pattern is closed once drained and quiet for rotateWaitMs', async (t) => {
  const { client, stream, dir, options } = await setup(t);
  const log = join(dir, 'access.log');
  await writeFile(log, 'a\n');
  const agent = await startAgent(options({ files: log, rotateWaitMs: 50 }));
  t.teardown(() => agent.stop());
  await agent.flush();
  await rename(log, join(dir, 'gone.log'));
  await writeFile(log, 'b\n');
  await waitFor('the renamed file to be dropped', () => agent.stats().files.length === 1 && agent.stats().files[0]!.matched);
  await agent.flush();
  t.deepEqual(await readAllLines(client, stream), ['a\n', 'b\n']);
});
