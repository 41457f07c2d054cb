import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectPutLog } from '../../../../emulator-shims/firehose/delivery/direct-put-log.js';

const folder = (t: ExecutionContext): string => {
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-dp-log-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'direct-put');
};
const texts = (records: readonly Buffer[]): string[] => records.map((record) => record.toString());
const segments = (dir: string): string[] => readdirSync(dir).filter((name) => name.startsWith('segment-'));

test('batches appended and never settled are replayed after a reopen, oldest first, with their arrival times', (t) => {
  const dir = folder(t);
  const log = new DirectPutLog(dir, true);
  log.append(1_000, [Buffer.from('a1'), Buffer.from('a2')]);
  log.append(2_000, [Buffer.from(''), Buffer.from('b2')]);
  log.close();
  const replayed = new DirectPutLog(dir, false).replay();
  t.deepEqual(replayed.map((batch) => [batch.arrivalMs, texts(batch.records)]), [[1_000, ['a1', 'a2']], [2_000, ['', 'b2']]]);
});

test('a settled batch is not replayed, and the checkpoint only passes batches settled with all before them', (t) => {
  const dir = folder(t);
  const log = new DirectPutLog(dir, true);
  const first = log.append(1, [Buffer.from('one')]);
  log.append(2, [Buffer.from('two')]);
  const third = log.append(3, [Buffer.from('three')]);
  // The third settles before the second: only the first is behind the checkpoint.
  first.release();
  third.release();
  log.close();
  t.deepEqual(new DirectPutLog(dir, false).replay().map((batch) => texts(batch.records)), [['two'], ['three']]);
});

test('batches appended after a replay are numbered after the replayed ones, and replay again until settled', (t) => {
  const dir = folder(t);
  const log = new DirectPutLog(dir, true);
  log.append(1, [Buffer.from('old')]);
  log.close();
  const reopened = new DirectPutLog(dir, false);
  const [old] = reopened.replay();
  reopened.append(2, [Buffer.from('new')]);
  old!.ticket.release();
  reopened.close();
  t.deepEqual(new DirectPutLog(dir, false).replay().map((batch) => texts(batch.records)), [['new']]);
});

test('a batch cut short by a crash mid-write is not replayed; the whole ones before it are', (t) => {
  const dir = folder(t);
  const log = new DirectPutLog(dir, true);
  log.append(1, [Buffer.from('whole')]);
  log.append(2, [Buffer.from('cut short by the crash')]);
  log.close();
  const [segment] = segments(dir);
  const path = join(dir, segment!);
  truncateSync(path, statSync(path).size - 5);
  t.deepEqual(new DirectPutLog(dir, false).replay().map((batch) => texts(batch.records)), [['whole']]);
});

const saved = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('segments roll over at their size, and a segment is deleted once the checkpoint has passed all its batches', async (t) => {
  const dir = folder(t);
  const log = new DirectPutLog(dir, true, 64);
  const tickets = ['first batch of forty bytes', 'second batch', 'third batch'].map((text, index) => log.append(index, [Buffer.from(text)]));
  t.is(segments(dir).length, 2);
  tickets[0]!.release();
  await saved();
  t.is(segments(dir).length, 2);
  tickets[1]!.release();
  await saved();
  t.is(segments(dir).length, 1);
  tickets[2]!.release();
  await saved();
  t.deepEqual(segments(dir), []);
  log.close();
  t.deepEqual(new DirectPutLog(dir, false).replay(), []);
});

test('opening fresh discards what an earlier stream of the same name left', (t) => {
  const dir = folder(t);
  const log = new DirectPutLog(dir, true);
  log.append(1, [Buffer.from('from the deleted stream')]);
  log.close();
  t.deepEqual(new DirectPutLog(dir, true).replay(), []);
});
