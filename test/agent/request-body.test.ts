import test from 'ava';
import { randomBytes } from 'node:crypto';
import { putRecordsBody } from '../../agent/request-body.js';

const reference = (stream: string, entries: { data: Buffer; partitionKey: string }[]) =>
  JSON.stringify({ StreamName: stream, Records: entries.map((entry) => ({ Data: entry.data.toString('base64'), PartitionKey: entry.partitionKey })) });

test('putRecordsBody writes the same bytes JSON.stringify gives for data of every length modulo 3, empty data included', (t) => {
  const entries = [0, 1, 2, 3, 4, 5, 95, 96, 97, 1000, 4099].map((length) => ({ data: randomBytes(length), partitionKey: randomBytes(16).toString('hex') }));
  const body = putRecordsBody('access-log', entries);
  t.is(body.toString('utf8'), reference('access-log', entries));
  const parsed = JSON.parse(body.toString('utf8')) as { Records: { Data: string }[] };
  t.deepEqual(parsed.Records.map((record) => Buffer.from(record.Data, 'base64')), entries.map((entry) => entry.data));
});

test('putRecordsBody escapes partition keys and stream names that JSON must escape, and encodes non-ASCII as UTF-8', (t) => {
  const keys = ['say "hi"', 'back\\slash', 'tab\there', 'line\u2028sep', 'ключ', '🔑', '\u0000\u001f', ' ~'];
  const entries = keys.map((partitionKey, index) => ({ data: Buffer.from(`line ${index}\n`), partitionKey }));
  const stream = 'strëam "x"';
  const body = putRecordsBody(stream, entries);
  t.is(body.toString('utf8'), reference(stream, entries));
  t.deepEqual((JSON.parse(body.toString('utf8')) as { Records: { PartitionKey: string }[] }).Records.map((record) => record.PartitionKey), keys);
});

test('putRecordsBody of no records is a body with an empty Records list', (t) => {
  t.is(putRecordsBody('s', []).toString('utf8'), '{"StreamName":"s","Records":[]}');
});

test('putRecordsBody reads data from a subarray of a larger buffer without its neighbours', (t) => {
  const chunk = Buffer.from('first line\nsecond line\nthird\n');
  const entries = [{ data: chunk.subarray(11, 23), partitionKey: 'k' }];
  t.is(putRecordsBody('s', entries).toString('utf8'), reference('s', entries));
});
