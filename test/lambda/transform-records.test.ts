import test from 'ava';
import { readTransformConfig, transformRecords } from '../../lambda/index.js';
import { generateCombinedLines } from '../../bench/transform-lines.js';
import { decodeJsonRecord, firehoseEvent } from './helpers/firehose-event.js';

const LINE = '203.0.113.9 - - [10/Mar/2024:23:30:00 +0000] "GET /a HTTP/1.1" 200 12 "-" "curl/8.5.0"\n';
const config = readTransformConfig({ HOSEPIPE_TIME_ZONE: 'Asia/Seoul', HOSEPIPE_DROP_RULES: '[{"field":"uri","equals":"/healthz"}]' });

test('transformRecords returns one output per input, in order, with the same record ids', (t) => {
  const event = firehoseEvent([LINE, 'not a log line', LINE.replace('/a', '/healthz')]);
  const { records } = transformRecords(config, event.records);
  t.deepEqual(records.map((r) => r.recordId), event.records.map((r) => r.recordId));
  t.deepEqual(records.map((r) => r.result), ['Ok', 'ProcessingFailed', 'Dropped']);
});

test('transformRecords writes one JSON line with partition keys in the configured zone', (t) => {
  const [record] = transformRecords(config, firehoseEvent([LINE]).records).records;
  t.like(decodeJsonRecord(record?.data ?? ''), { uri: '/a', status: 200, time_local: '2024-03-10T23:30:00+00:00' });
  t.deepEqual(record?.metadata, { partitionKeys: { year: '2024', month: '03', day: '11', hour: '08' } });
});

test('transformRecords gives failed and dropped records back unchanged, without partition keys', (t) => {
  const event = firehoseEvent(['garbage\n', LINE.replace('/a', '/healthz')]);
  const { records, failures } = transformRecords(config, event.records);
  t.deepEqual(records.map((r) => r.data), event.records.map((r) => r.data));
  t.true(records.every((r) => r.metadata === undefined));
  t.deepEqual(failures, [{ recordId: event.records[0]?.recordId, reason: 'expected " - " after $remote_addr (column 1)' }]);
});

test('transformRecords partitions by arrival time when the format has no time variable', (t) => {
  const noTime = readTransformConfig({ HOSEPIPE_LOG_FORMAT: '$remote_addr "$request" $status' });
  const event = firehoseEvent(['10.0.0.1 "GET / HTTP/1.1" 200'], Date.UTC(2023, 6, 4, 5, 6));
  const [record] = transformRecords(noTime, event.records).records;
  t.deepEqual(record?.metadata?.partitionKeys, { year: '2023', month: '07', day: '04', hour: '05' });
});

test('transformRecords fails a record alone when its transformation throws', (t) => {
  const throwing = { ...config, shouldDrop: () => { throw new Error('boom'); } };
  const event = firehoseEvent([LINE]);
  const { records, failures } = transformRecords(throwing, event.records);
  t.is(records[0]?.result, 'ProcessingFailed');
  t.is(records[0]?.data, event.records[0]?.data);
  t.regex(failures[0]?.reason ?? '', /unexpected error: boom/);
});

test('transformRecords gives every Ok record the base64 of its parsed fields as one JSON line, escapes included', (t) => {
  const utc = readTransformConfig({});
  const lines = generateCombinedLines(100_000, 3);
  const { records } = transformRecords(utc, firehoseEvent(lines).records);
  t.is(records.length, lines.length);
  records.forEach((record, i) => {
    const parsed = utc.parser.parse(lines[i] ?? '');
    if (!parsed.ok) return t.is(record.result, 'ProcessingFailed');
    t.is(record.result, 'Ok');
    t.is(record.data, Buffer.from(`${JSON.stringify(parsed.fields)}\n`).toString('base64'));
  });
});

test('transformRecords applies drop rules to the decoded text of an escaped value', (t) => {
  const dropping = readTransformConfig({ HOSEPIPE_DROP_RULES: '[{"field":"http_user_agent","prefix":"Bot \\"é\\""}]' });
  const escaped = LINE.replace('curl/8.5.0', 'Bot \\x22\\xC3\\xA9\\x22/1.0');
  const { records } = transformRecords(dropping, firehoseEvent([escaped, LINE]).records);
  t.deepEqual(records.map((r) => r.result), ['Dropped', 'Ok']);
});

test('transformRecords gives a batch too large for small strings the same data, read as one string', (t) => {
  const utc = readTransformConfig({});
  const lines = generateCombinedLines(1_800_000, 5);
  const { records } = transformRecords(utc, firehoseEvent(lines).records);
  const totalChars = records.reduce((sum, record) => sum + (record.result === 'Ok' ? record.data.length : 0), 0);
  t.true(totalChars > 4 * 1024 * 1024, `only ${totalChars} characters of text`);
  records.forEach((record, i) => {
    const parsed = utc.parser.parse(lines[i] ?? '');
    if (parsed.ok) t.is(record.data, Buffer.from(`${JSON.stringify(parsed.fields)}\n`).toString('base64'));
  });
});
