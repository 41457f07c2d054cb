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
  /** Reads until `hasRoom` answers false (it is asked between reads of the file, as the agent asks its queue). */
  const read = (hasRoom = (): boolean => true): Promise<void> => tracker.read((_source, line) => lines.push(line.data.toString('utf8')), hasRoom);
  const pass = async (): Promise<void> => {
    await tracker.scan();
    await read();
  };
  return { log: join(dir, 'access.log'), lines, logs, pass, read, scan: () => tracker.scan() };
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

test('a read of a long log stops within 128 KiB of lines once the reader has no room, and the next read goes on from there', async (t) => {
  const { log, lines, read, scan } = await trackerIn(t);
  // 10,000 lines of 200 bytes: 2 MB, of which 128 KiB hold 655 lines.
  const written = Array.from({ length: 10_000 }, (_, index) => `${String(index).padStart(8, '0')} ${'x'.repeat(190)}\n`);
  await writeFile(log, written.join(''));
  await scan();
  await read(() => lines.length < 1000);
  t.true(lines.length >= 1000 && lines.length <= 1000 + 656, `${lines.length} lines handed out for room for 1000`);
  await read();
  t.deepEqual(lines, written);
});

test('a line of 3 MiB written in pieces is handed out whole, once, when its newline arrives', async (t) => {
  const { log, lines, pass } = await trackerIn(t);
  const long = `${'a'.repeat(3 * 1024 * 1024)}\n`;
  await writeFile(log, 'first\n');
  for (let at = 0; at < long.length; at += 700_000) {
    await appendFile(log, long.slice(at, at + 700_000));
    await pass();
  }
  await appendFile(log, 'last\n');
  await pass();
  t.is(lines.length, 3);
  t.is(lines[0], 'first\n');
  t.true(lines[1] === long, `the long line came out as ${lines[1]?.length} bytes`);
  t.is(lines[2], 'last\n');
});
