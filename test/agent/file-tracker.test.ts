import { appendFile, copyFile, mkdtemp, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { FileTracker } from '../../agent/file-tracker.js';
import { parseFilePattern, type FilePattern } from '../../agent/file-pattern.js';
import { numberedLines } from './helpers.js';

/** A tracker driven scan by scan (no timers, no change events), and every line it hands out, in order. */
async function trackerIn(t: import('ava').ExecutionContext) {
  const dir = await mkdtemp(join(tmpdir(), 'hosepipe-tracker-'));
  const pattern = parseFilePattern(join(dir, 'access.log*')) as FilePattern;
  const logs: string[] = [];
  const tracker = new FileTracker({ pattern, initialPosition: 'START_OF_FILE', checkpoint: null, rotateWaitMs: 60_000, now: Date.now, log: (line) => logs.push(line) });
  t.teardown(async () => {
    await tracker.close();
    await rm(dir, { recursive: true, force: true });
  });
  const lines: string[] = [];
  const read = (): Promise<void> => tracker.read((_source, line) => lines.push(line.data.toString('utf8')), () => true);
  const pass = async (): Promise<void> => {
    await tracker.scan();
    await read();
  };
  return { log: join(dir, 'access.log'), lines, logs, pass, read };
}

test('two copytruncate rotations before the first copy is adopted resend nothing: the older copy, renamed to .2 meanwhile, is still recognised', async (t) => {
  const { log, lines, logs, pass } = await trackerIn(t);
  await writeFile(log, numberedLines('a', 1, 100).join(''));
  await pass();

  // First rotation: the truncation is seen, the copy only once (a copy is adopted when it has stopped changing).
  await copyFile(log, `${log}.1`);
  await truncate(log, 0);
  await appendFile(log, numberedLines('b', 1, 50).join(''));
  await pass();

  // Second rotation before the next scan: logrotate shifts the first copy to .2.
  await rename(`${log}.1`, `${log}.2`);
  await copyFile(log, `${log}.1`);
  await truncate(log, 0);
  await appendFile(log, numberedLines('c', 1, 20).join(''));
  for (let scan = 0; scan < 3; scan++) await pass();

  t.log(logs.join('\n'));
  t.deepEqual(lines, [...numberedLines('a', 1, 100), ...numberedLines('b', 1, 50), ...numberedLines('c', 1, 20)]);
  t.true(logs.some((line) => line.includes(`${log}.2 is a copy of ${log}`)), 'the .2 copy is recognised as one');
});

test('a copytruncate whose new content grows past the read offset before the next scan is read from its start, and its copy is not resent', async (t) => {
  const { log, lines, logs, pass, read } = await trackerIn(t);
  await writeFile(log, numberedLines('a', 1, 8).join(''));
  await pass();

  // Rotation, and nginx writes more than the old content held before the agent scans again: only a read sees it.
  await copyFile(log, `${log}.1`);
  await truncate(log, 0);
  await appendFile(log, numberedLines('b', 1, 12).join(''));
  await read();
  for (let scan = 0; scan < 3; scan++) await pass();

  t.log(logs.join('\n'));
  t.deepEqual(lines, [...numberedLines('a', 1, 8), ...numberedLines('b', 1, 12)]);
});
