import test from 'ava';
import { createHash } from 'node:crypto';
import { deaggregate, KPL_MAGIC } from '../../../../emulator-shims/firehose/delivery/kpl.js';

const varint = (value: number): Buffer => {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) { bytes.push((rest & 0x7f) | 0x80); rest >>>= 7; }
  bytes.push(rest);
  return Buffer.from(bytes);
};
const field = (number: number, payload: Buffer): Buffer => Buffer.concat([varint((number << 3) | 2), varint(payload.length), payload]);

/** A KPL aggregate built by hand: partition key table, then records pointing into it. */
function aggregate(keys: string[], records: { key: number; data: string }[]): Buffer {
  const body = Buffer.concat([
    ...keys.map((key) => field(1, Buffer.from(key))),
    ...records.map((record) => field(3, Buffer.concat([varint(1 << 3), varint(record.key), field(3, Buffer.from(record.data))]))),
  ]);
  return Buffer.concat([KPL_MAGIC, body, createHash('md5').update(body).digest()]);
}

test('deaggregate returns the user records with their partition keys', (t) => {
  t.deepEqual(deaggregate(aggregate(['k0', 'k1'], [{ key: 1, data: 'one' }, { key: 0, data: 'two' }])), [
    { partitionKey: 'k1', data: Buffer.from('one') },
    { partitionKey: 'k0', data: Buffer.from('two') },
  ]);
});

test('deaggregate leaves plain records and aggregates with a bad checksum alone', (t) => {
  t.is(deaggregate(Buffer.from('just a log line')), undefined);
  const broken = aggregate(['k'], [{ key: 0, data: 'x' }]);
  broken.writeUInt8(broken.readUInt8(broken.length - 1) ^ 0xff, broken.length - 1);
  t.is(deaggregate(broken), undefined);
});
