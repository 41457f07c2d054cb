import test from 'ava';
import { appendFileSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BODY_FIXED, decodeFrames, encodeFrames, FRAME_HEADER, SEGMENT_BYTES, ShardLog } from '../../../emulator-shims/kinesis/shard-log.js';
import { Shard } from '../../../emulator-shims/kinesis/shard.js';

/** Loads the log and reads every record it indexes back from its files, by address. */
function loadRecords(log: ShardLog, cutoffMs: number): { data: string[]; positions: number[]; nextPosition: number } {
  const { index, nextPosition } = log.load(cutoffMs);
  const data: string[] = [];
  const positions: number[] = [];
  for (let at = 0; at < index.size; at += 1) {
    const [read] = decodeFrames(log.read(index.address(at), index.frameBytes(at))).records;
    t_assert(read !== undefined && read.position === index.position(at) && read.arrivalMs === index.arrivalMs(at) && read.data.length === index.dataBytes(at));
    data.push(read.data.toString());
    positions.push(index.position(at));
  }
  return { data, positions, nextPosition };
}

function t_assert(condition: boolean): asserts condition {
  if (!condition) throw new Error('the index does not match the frame read at its address');
}

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
  const loaded = loadRecords(second, 0);
  t.deepEqual(loaded.data, ['a', 'b']);
  t.is(loaded.nextPosition, 3);
  t.is(statSync(path).size, size);
  second.append([record(3, 'c')]);
  second.close();
  t.deepEqual(loadRecords(new ShardLog(folder, 'shardId-000000000000'), 0).data, ['a', 'b', 'c']);
});

test('records that arrived before the cutoff are not loaded, and the next position still counts them', (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'hosepipe-shard-log-'));
  const log = new ShardLog(folder, 'shardId-000000000001');
  log.load(0);
  log.append([record(1, 'old', 10), record(2, 'new', 50)]);
  log.close();
  const loaded = loadRecords(new ShardLog(folder, 'shardId-000000000001'), 20);
  t.deepEqual(loaded.data, ['new']);
  t.is(loaded.nextPosition, 3);
});

test('records are read back by address across segments, and an address no longer logged is refused', (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'hosepipe-shard-log-'));
  const log = new ShardLog(folder, 'shardId-000000000002');
  log.load(0);
  const big = 'x'.repeat(SEGMENT_BYTES);
  const addresses = [log.appendFrames(encodeFrames([record(1, big)]), 1, 1), log.appendFrames(encodeFrames([record(2, 'second')]), 2, 2)];
  const third = log.appendFrames(encodeFrames([record(3, 'third')]), 3, 3);
  t.is(readdirSync(folder).length, 2, 'the second put starts a new segment');
  const spanning = decodeFrames(log.read(addresses[0]!, third - addresses[0]! + encodeFrames([record(3, 'third')]).length));
  t.deepEqual(spanning.records.map((each) => each.position), [1, 2, 3]);
  t.deepEqual(decodeFrames(log.read(addresses[1]!, third - addresses[1]!)).records.map((each) => each.data.toString()), ['second']);
  log.dropBefore(2);
  t.is(readdirSync(folder).length, 1);
  t.throws(() => log.read(addresses[0]!, 10), { message: /no longer logged/ });
  t.throws(() => log.read(third, 10_000), { message: /never logged/ });
  log.close();
});

test('a shard reads back each record\'s partition key (multi-byte, a lone surrogate, empty data) and data, from memory and from its log', (t) => {
  const keys = ['plain', 'clé é 😀', 'lone \ud800 surrogate', 'k'];
  const entries = keys.map((PartitionKey, index) => ({ PartitionKey, Data: index === 3 ? Buffer.alloc(0) : Buffer.from(`data ${index} ${'y'.repeat(index * 50)}`) }));
  const expected = entries.map((entry) => ({ partitionKey: Buffer.from(entry.PartitionKey, 'utf8').toString('utf8'), data: entry.Data.toString('hex') }));
  const shape = { index: 0, createdMs: 1_767_225_600_000, start: 0n, end: 2n ** 128n - 1n };
  // Kept in memory, and logged with a tail too small to keep any put, so the second read comes from the files.
  for (const shard of [new Shard(shape, 1), new Shard(shape, 1, new ShardLog(mkdtempSync(join(tmpdir(), 'hosepipe-shard-')), 'shardId-000000000000'), 1)]) {
    const written = [...shard.append(entries.slice(0, 2), 1_767_225_600_001), ...shard.append(entries.slice(2), 1_767_225_600_002)];
    const read = shard.read(1, 100, 1 << 20, 1_767_225_600_003).records;
    t.deepEqual(read.map((record) => ({ partitionKey: record.PartitionKey, data: Buffer.from(record.Data!).toString('hex') })), expected);
    t.deepEqual(read.map((record) => record.SequenceNumber), written);
    t.deepEqual(read.map((record) => record.ApproximateArrivalTimestamp!.getTime()), [1_767_225_600_001, 1_767_225_600_001, 1_767_225_600_002, 1_767_225_600_002]);
  }
});

test('frames hold each partition key as its UTF-8 bytes: ASCII keys short and long (control characters, DEL), and keys that are not ASCII', (t) => {
  const keys = ['a', 'k'.repeat(64), 'k'.repeat(65), '\u0000\u0001 ~\u007f', `${'x'.repeat(63)}é`, 'é', '😀'];
  const records = keys.map((partitionKey, index) => ({ position: index + 1, arrivalMs: 1_767_225_600_000, partitionKey, data: Buffer.from(`d${index}`) }));
  const frames = encodeFrames(records);
  const { records: decoded, wholeBytes } = decodeFrames(frames);
  t.is(wholeBytes, frames.length);
  t.deepEqual(decoded.map((record) => record.partitionKey), keys);
  let at = 0;
  for (const key of keys) {
    const keyBytes = frames.readUInt32BE(at + FRAME_HEADER + 16);
    t.deepEqual(frames.subarray(at + FRAME_HEADER + BODY_FIXED, at + FRAME_HEADER + BODY_FIXED + keyBytes), Buffer.from(key, 'utf8'));
    at += FRAME_HEADER + frames.readUInt32BE(at + 4);
  }
});
