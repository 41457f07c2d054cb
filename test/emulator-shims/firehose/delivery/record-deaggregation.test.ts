import test from 'ava';
import { deaggregateRecord, splitDelimited, splitJsonRecords } from '../../../../emulator-shims/firehose/delivery/record-deaggregation.js';

const texts = (parts: Buffer[] | undefined): string[] | undefined => parts?.map((part) => part.toString());

test('splitJsonRecords splits concatenated objects and JSON Lines, braces inside strings included', (t) => {
  t.deepEqual(texts(splitJsonRecords(Buffer.from('{"a":"}{"}{"b":{"c":1}}\n{"d":2}'))), ['{"a":"}{"}', '{"b":{"c":1}}', '{"d":2}']);
});

test('splitJsonRecords refuses a JSON array and bare values', (t) => {
  t.is(splitJsonRecords(Buffer.from('[{"a":1}]')), undefined);
  t.is(splitJsonRecords(Buffer.from('{"a":1} 5')), undefined);
});

test('splitDelimited splits on a multi-byte delimiter', (t) => {
  t.deepEqual(texts(splitDelimited(Buffer.from('a####b####c'), Buffer.from('####'))), ['a', 'b', 'c']);
});

test('deaggregateRecord keeps a record whole when it has more than 500 sub-records', (t) => {
  const data = Buffer.from('{}'.repeat(501));
  t.deepEqual(deaggregateRecord(data, 'JSON').parts, [data]);
  t.is(deaggregateRecord(Buffer.from('{}'.repeat(500)), 'JSON').parts.length, 500);
});
