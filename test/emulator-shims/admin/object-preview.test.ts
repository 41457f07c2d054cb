import { gzipSync } from 'node:zlib';
import test from 'ava';
import { compressionOf, escapeBinary, fixedPart, partitionOf, previewObject, PREVIEW_RECORDS } from '../../../emulator-shims/admin/object-preview.js';

const base = { bucket: 'b', fixedPrefix: 'logs/year=', size: 0, complete: true };

test('a gzipped object is opened and split into its records', (t) => {
  const body = gzipSync('{"a":1}\n{"a":2}\n');
  const preview = previewObject({ ...base, key: 'logs/year=2026/month=11/x.gz', kind: 'success', body, size: body.length });
  t.is(preview.compression, 'gzip');
  t.deepEqual(preview.records.map((record) => record.text), ['{"a":1}', '{"a":2}']);
  t.is(preview.partition, 'year=2026/month=11');
  t.false(preview.truncated);
});

test('the first part of a large gzipped object opens as far as it goes, without its cut last line', (t) => {
  const whole = gzipSync(Array.from({ length: 2000 }, (_, index) => JSON.stringify({ index, pad: 'x'.repeat(200) })).join('\n'));
  const preview = previewObject({ ...base, key: 'logs/a.gz', kind: 'success', body: whole.subarray(0, Math.floor(whole.length / 2)), size: whole.length, complete: false });
  t.true(preview.truncated);
  t.is(preview.records.length, PREVIEW_RECORDS);
  t.notThrows(() => preview.records.forEach((record) => JSON.parse(record.text)));
});

test('an error record shows its rawData decoded, and bytes that are not UTF-8 escaped', (t) => {
  const lines = [
    JSON.stringify({ rawData: Buffer.from('GET /bad line\n').toString('base64'), errorCode: 'Lambda.ProcessingFailed' }),
    JSON.stringify({ rawData: Buffer.from([0x16, 0x03, 0xff, 0x5c, 0x41]).toString('base64'), errorCode: 'Lambda.ProcessingFailed' }),
  ];
  const preview = previewObject({ ...base, key: 'errors/a', kind: 'error', body: Buffer.from(`${lines.join('\n')}\n`), size: 10 });
  t.is(preview.records[0]?.rawData, 'GET /bad line\n');
  t.is(preview.records[0]?.rawDataBinary, undefined);
  t.is(preview.records[1]?.rawData, '\\x16\\x03\\xff\\\\A');
  t.true(preview.records[1]?.rawDataBinary);
});

test('zip and snappy objects are named, not opened; a broken gzip says so', (t) => {
  t.regex(previewObject({ ...base, key: 'a.zip', kind: 'success', body: Buffer.from('PK') }).note ?? '', /zip-compressed/);
  t.regex(previewObject({ ...base, key: 'a.snappy', kind: 'success', body: Buffer.from('x') }).note ?? '', /snappy-compressed/);
  t.regex(previewObject({ ...base, key: 'a.gz', kind: 'success', body: Buffer.from('not gzip') }).note ?? '', /not valid gzip/);
});

test('partitions are the key\'s folders after the prefix\'s fixed folder', (t) => {
  t.is(fixedPart('kinesis/firehose/migration/year=!{partitionKeyFromLambda:year}/'), 'kinesis/firehose/migration/year=');
  t.is(partitionOf('kinesis/firehose/migration/year=2026/month=11/f', 'kinesis/firehose/migration/year='), 'year=2026/month=11');
  t.is(partitionOf('raw/2026/11/25/f', 'raw/'), '2026/11/25');
  t.is(partitionOf('f', ''), '');
  t.is(compressionOf('x', 'gzip'), 'gzip');
  t.is(escapeBinary(Buffer.from('a\n')), 'a\\x0a');
});
