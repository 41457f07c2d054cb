import test, { type ExecutionContext } from 'ava';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countNewLines, type LineCount } from '../../stack/access-log.js';

/** A folder of the test's own, removed after it, and the log's path in it. */
const folderWithLog = (t: ExecutionContext): { dir: string; log: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-count-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, log: join(dir, 'access.log') };
};

test('countNewLines counts what a log gained since the last count, reading on from where it stopped', (t) => {
  const { log } = folderWithLog(t);
  writeFileSync(log, 'a\nb\n');
  const counted: LineCount = { bytes: 0, lines: 0 };
  countNewLines(log, counted);
  t.deepEqual(counted, { bytes: 4, lines: 2 });
  // A line still being written counts once its newline arrives.
  appendFileSync(log, 'c');
  countNewLines(log, counted);
  t.deepEqual(counted, { bytes: 5, lines: 2 });
  appendFileSync(log, '\n');
  // More than one read's worth: 100,000 lines of 2 bytes.
  appendFileSync(log, 'x\n'.repeat(100_000));
  countNewLines(log, counted);
  t.deepEqual(counted, { bytes: 200_006, lines: 100_003 });
});

test('countNewLines starts over on a log shorter than what it read, and throws for a log that is not there', (t) => {
  const { dir, log } = folderWithLog(t);
  writeFileSync(log, 'one\ntwo\nthree\n');
  const counted: LineCount = { bytes: 0, lines: 0 };
  countNewLines(log, counted);
  t.is(counted.lines, 3);
  writeFileSync(log, 'new\n');
  countNewLines(log, counted);
  t.deepEqual(counted, { bytes: 4, lines: 1 });
  t.throws(() => countNewLines(join(dir, 'missing.log'), counted), { code: 'ENOENT' });
});
