import test from 'ava';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PendingCheckpointFile, pendingCheckpointPath, readCheckpointFile, writeDurableCheckpoint, writePendingCheckpoint } from '../../agent/checkpoint-file.js';
import { serializeCheckpoint, type Checkpoint } from '../../agent/checkpoint-state.js';
import { startAgent } from '../../agent/index.js';
import { createStream, numberedLines, readAllLines, startKinesis, tempDir, uniqueName, waitFor } from './helpers.js';

const at = (offset: number): Checkpoint => ({ version: 1, stream: 'access', files: [{ path: '/l/a.log', dev: '1', ino: '7', head: { length: 3, sha256: 'ab' }, offset }] });

test('a restart resumes from the pending checkpoint, the newer one, when it reads whole', async (t) => {
  const path = join(await tempDir(t), 'state', 'checkpoint.json');
  await writeDurableCheckpoint(path, serializeCheckpoint(at(100)));
  writePendingCheckpoint(path, serializeCheckpoint(at(250)));
  t.deepEqual(await readCheckpointFile(path), at(250));
});

test('a pending checkpoint torn by a machine crash is passed over for the durable one', async (t) => {
  const path = join(await tempDir(t), 'checkpoint.json');
  await writeDurableCheckpoint(path, serializeCheckpoint(at(100)));
  for (const torn of ['', serializeCheckpoint(at(250)).slice(0, 20)]) {
    await writeFile(pendingCheckpointPath(path), torn);
    t.deepEqual(await readCheckpointFile(path), at(100), JSON.stringify(torn));
  }
});

test('the pending checkpoint is rewritten in place: a shorter one after a longer one reads back whole', async (t) => {
  const path = join(await tempDir(t), 'state', 'checkpoint.json');
  const two: Checkpoint = { ...at(250), files: [...at(250).files, { path: '/l/a.log.1', dev: '1', ino: '8', head: { length: 3, sha256: 'cd' }, offset: 9 }] };
  const file = new PendingCheckpointFile(path);
  t.teardown(() => file.close());
  file.write(serializeCheckpoint(two));
  t.deepEqual(await readCheckpointFile(path), two);
  file.write(serializeCheckpoint(at(300)));
  t.deepEqual(await readCheckpointFile(path), at(300));
});

test('a pending checkpoint rewritten only in part (a newer start over an older end) is passed over for the durable one', async (t) => {
  const path = join(await tempDir(t), 'checkpoint.json');
  await writeDurableCheckpoint(path, serializeCheckpoint(at(100)));
  writePendingCheckpoint(path, serializeCheckpoint(at(250)));
  const whole = await readFile(pendingCheckpointPath(path), 'utf8');
  // The newer checkpoint's first bytes reached the file, the rest is still the older one's: offset 299 with the older seal.
  const mixed = whole.replace('"offset": 250', '"offset": 299');
  t.not(mixed, whole);
  await writeFile(pendingCheckpointPath(path), mixed);
  t.deepEqual(await readCheckpointFile(path), at(100));
});

test('a torn durable checkpoint without a pending one is still an error that names the file', async (t) => {
  const path = join(await tempDir(t), 'checkpoint.json');
  await writeFile(path, '{"version":1,');
  await t.throwsAsync(readCheckpointFile(path), { message: new RegExp(path.replaceAll('/', '\\/')) });
});

test('no checkpoint at all is a first start', async (t) => {
  t.is(await readCheckpointFile(join(await tempDir(t), 'none.json')), null);
});

test('an agent writes each batch to the pending checkpoint while it runs, and a clean stop leaves only the durable checkpoint, at the last line', async (t) => {
  const kinesis = await startKinesis(t);
  const stream = uniqueName('access');
  await createStream(kinesis.client, stream, 1);
  const dir = await tempDir(t);
  const log = join(dir, 'access.log');
  const checkpointFile = join(dir, 'state', 'checkpoint.json');
  await writeFile(log, numberedLines('a', 1, 120).join(''));
  const agent = await startAgent({
    files: join(dir, 'access.log*'), stream, endpoint: kinesis.endpoint, region: 'us-east-1', checkpointFile,
    initialPosition: 'START_OF_FILE', maxBufferAgeMs: 50, pollIntervalMs: 20, maxBufferSizeRecords: 50, log: () => {},
  });
  t.teardown(() => agent.stop());
  await agent.flush();
  t.true(existsSync(pendingCheckpointPath(checkpointFile)));
  const size = Buffer.byteLength(numberedLines('a', 1, 120).join(''));
  t.is((await readCheckpointFile(checkpointFile))!.files[0]!.offset, size);
  await agent.stop();
  t.false(existsSync(pendingCheckpointPath(checkpointFile)));
  t.is(JSON.parse(await readFile(checkpointFile, 'utf8')).files[0].offset, size);
  t.deepEqual(await readAllLines(kinesis.client, stream), numberedLines('a', 1, 120));
});

test('while an agent runs, the durable checkpoint follows the pending one in the background, without a flush', async (t) => {
  const kinesis = await startKinesis(t);
  const stream = uniqueName('access');
  await createStream(kinesis.client, stream, 1);
  const dir = await tempDir(t);
  const log = join(dir, 'access.log');
  const checkpointFile = join(dir, 'state', 'checkpoint.json');
  await writeFile(log, numberedLines('a', 1, 60).join(''));
  const agent = await startAgent({
    files: join(dir, 'access.log*'), stream, endpoint: kinesis.endpoint, region: 'us-east-1', checkpointFile,
    initialPosition: 'START_OF_FILE', maxBufferAgeMs: 50, pollIntervalMs: 20, maxBufferSizeRecords: 25, log: () => {},
  });
  t.teardown(() => agent.stop());
  const size = Buffer.byteLength(numberedLines('a', 1, 60).join(''));
  const durableOffset = async () => (existsSync(checkpointFile) ? JSON.parse(await readFile(checkpointFile, 'utf8')).files[0]?.offset : undefined);
  await waitFor('the durable checkpoint at the last line', async () => (await durableOffset()) === size);
  t.is(agent.stats().recordsSent, 60);
  t.deepEqual(await readAllLines(kinesis.client, stream), numberedLines('a', 1, 60));
});
