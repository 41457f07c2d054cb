import test from 'ava';
import { appendFileSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeFrames, encodeFrames, ShardLog } from '../../../emulator-shims/kinesis/shard-log.js';

const record = (position: number, text: string, arrivalMs = 1_000 + position) => ({ position, arrivalMs, partitionKey: `key é ${position}`, data: Buffer.from(text) });

test('frames decode to the records they were made from', (t) => {
  const records = [record(1, 'one'), record(2, ''), record(3, 'three \u0000 bytes')];
  t.deepEqual(decodeFrames(encodeFrames(records)), { records, wholeBytes: encodeFrames(records).length });
});

test('a frame cut short or damaged ends the read at the last whole frame', (t) => {
  const whole = encodeFrames([record(1, 'one'), record(2, 'two')]);
  const last = encodeFrames([record(3, 'three')]);
  const cut = Buffer.concat([whole, last.subarray(0, last.length - 2)]);
  t.deepEqual(decodeFrames(cut).records.map((each) => each.position), [1, 2]);
  t.is(decodeFrames(cut).wholeBytes, whole.length);
  const damaged = Buffer.concat([whole, last]);
  damaged.writeUInt8(damaged.readUInt8(damaged.length - 1) ^ 0xff, damaged.length - 1);
  t.deepEqual(decodeFrames(damaged).records.map((each) => each.position), [1, 2]);
});

test('a log torn by a crash loads its whole records, is cut back, and takes new records after them', (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'hosepipe-shard-log-'));
  const first = new ShardLog(folder, 'shardId-000000000000');
  first.load(0);
  first.append([record(1, 'a'), record(2, 'b')]);
  first.close();
  const [segment] = readdirSync(folder);
  const path = join(folder, segment!);
  const size = statSync(path).size;
  appendFileSync(path, encodeFrames([record(3, 'torn')]).subarray(0, 9));

  const second = new ShardLog(folder, 'shardId-000000000000');
  const loaded = second.load(0);
  t.deepEqual(loaded.records.map((each) => each.data.toString()), ['a', 'b']);
  t.is(loaded.nextPosition, 3);
  t.is(statSync(path).size, size);
  second.append([record(3, 'c')]);
  second.close();
  t.deepEqual(new ShardLog(folder, 'shardId-000000000000').load(0).records.map((each) => each.data.toString()), ['a', 'b', 'c']);
});

test('records that arrived before the cutoff are not loaded, and the next position still counts them', (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'hosepipe-shard-log-'));
  const log = new ShardLog(folder, 'shardId-000000000001');
  log.load(0);
  log.append([record(1, 'old', 10), record(2, 'new', 50)]);
  log.close();
  const loaded = new ShardLog(folder, 'shardId-000000000001').load(20);
  t.deepEqual(loaded.records.map((each) => each.data.toString()), ['new']);
  t.is(loaded.nextPosition, 3);
});
