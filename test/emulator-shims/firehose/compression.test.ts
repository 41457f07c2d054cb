import test from 'ava';
import { gunzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { compressObject, snappyRawLiteral, ZIP_ENTRY_NAME } from '../../../emulator-shims/firehose/compression.js';

/** A raw snappy decoder for literal and copy elements, enough to check what the encoder writes. */
function snappyDecode(input: Buffer): Buffer {
  let offset = 0;
  let length = 0;
  let shift = 0;
  for (;;) {
    const byte = input[offset++] as number;
    length += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) break;
    shift += 7;
  }
  const out: number[] = [];
  while (offset < input.length) {
    const tag = input[offset++] as number;
    if ((tag & 3) !== 0) throw new Error('copy elements are not expected');
    let literal = tag >> 2;
    if (literal >= 60) {
      const bytes = literal - 59;
      literal = 0;
      for (let index = 0; index < bytes; index += 1) literal += (input[offset++] as number) << (8 * index);
    }
    literal += 1;
    out.push(...input.subarray(offset, offset + literal));
    offset += literal;
  }
  if (out.length !== length) throw new Error(`length ${out.length} != ${length}`);
  return Buffer.from(out);
}

const body = Buffer.from('{"a":1}\n'.repeat(20_000));

test('GZIP objects gunzip to the concatenated records', (t) => {
  t.deepEqual(gunzipSync(compressObject('GZIP', body)), body);
});

test('ZIP objects hold the body as one entry', (t) => {
  t.deepEqual(Buffer.from(unzipSync(compressObject('ZIP', body))[ZIP_ENTRY_NAME] ?? []), body);
});

test('raw snappy literals decode to the input for short, medium and 64 KiB chunks', (t) => {
  for (const size of [1, 59, 60, 300, 70_000]) {
    const data = Buffer.alloc(size, 7);
    t.deepEqual(snappyDecode(snappyRawLiteral(data)), data, String(size));
  }
});

test('Snappy objects use the snappy-java stream header and length-prefixed blocks', (t) => {
  const out = compressObject('Snappy', body);
  t.deepEqual(out.subarray(0, 8), Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]));
  const parts: Buffer[] = [];
  for (let offset = 16; offset < out.length;) {
    const size = out.readUInt32BE(offset);
    parts.push(snappyDecode(out.subarray(offset + 4, offset + 4 + size)));
    offset += 4 + size;
  }
  t.deepEqual(Buffer.concat(parts), body);
});

test('HADOOP_SNAPPY objects use Hadoop block framing (raw length, compressed length, block)', (t) => {
  const out = compressObject('HADOOP_SNAPPY', body);
  const parts: Buffer[] = [];
  for (let offset = 0; offset < out.length;) {
    const raw = out.readUInt32BE(offset);
    const size = out.readUInt32BE(offset + 4);
    const part = snappyDecode(out.subarray(offset + 8, offset + 8 + size));
    t.is(part.length, raw);
    parts.push(part);
    offset += 8 + size;
  }
  t.deepEqual(Buffer.concat(parts), body);
});

test('UNCOMPRESSED objects are the body itself', (t) => {
  t.is(compressObject('UNCOMPRESSED', body), body);
});
