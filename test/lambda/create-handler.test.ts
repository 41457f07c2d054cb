import test from 'ava';
import { createTransformHandler, readTransformConfig, type FirehoseTransformationEvent } from '../../lambda/index.js';
import { decodeJsonRecord, firehoseEvent } from './helpers/firehose-event.js';

const lines = [
  '198.51.100.23 - - [03/Nov/2024:01:30:00 -0400] "GET /products?id=42 HTTP/2.0" 200 5120 "https://shop.example/" "Mozilla/5.0"\n',
  '198.51.100.23 - - [03/Nov/2024:01:30:00 -0500] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.29"\n',
  '2001:db8::7 - - [03/Nov/2024:01:30:00 -0500] "\\x16\\x03\\x01\\x00\\xF4" 400 157 "-" "-"\n',
  'this line was written by something else\n',
];

const setup = () => {
  const logged: string[] = [];
  const config = readTransformConfig({
    HOSEPIPE_TIME_ZONE: 'America/New_York',
    HOSEPIPE_DROP_RULES: '[{"field":"http_user_agent","prefix":"kube-probe/"}]',
  });
  return { handler: createTransformHandler(config, (line) => logged.push(line)), logged };
};

test('the handler answers a Firehose event with Ok, Dropped and ProcessingFailed records under the same ids', async (t) => {
  const { handler } = setup();
  const event = firehoseEvent(lines);
  const result = await handler(event, {});
  t.deepEqual(result.records.map((r) => [r.recordId, r.result]), event.records.map((r, i) => [r.recordId, ['Ok', 'Dropped', 'Ok', 'ProcessingFailed'][i]]));
  t.is(result.records[3]?.data, event.records[3]?.data);
});

test('the handler partitions both 01:30s of the DST fall-back hour into hour 01 of New York', async (t) => {
  const { handler } = setup();
  const result = await handler(firehoseEvent(lines), {});
  t.deepEqual(result.records[0]?.metadata?.partitionKeys, { year: '2024', month: '11', day: '03', hour: '01' });
  t.deepEqual(result.records[2]?.metadata?.partitionKeys, { year: '2024', month: '11', day: '03', hour: '01' });
  t.like(decodeJsonRecord(result.records[2]?.data ?? ''), { remote_addr: '2001:db8::7', status: 400, method: null });
});

test('the handler logs one line naming the failed records and why', async (t) => {
  const { handler, logged } = setup();
  const event = firehoseEvent(lines);
  await handler(event, {});
  t.is(logged.length, 1);
  t.like(JSON.parse(logged[0] ?? '{}'), {
    message: '1 of 4 records failed to parse',
    invocationId: 'invocation-1',
    failures: [{ recordId: event.records[3]?.recordId }],
  });
});

test('the handler logs nothing when every record parses', async (t) => {
  const { handler, logged } = setup();
  await handler(firehoseEvent([lines[0] as string]), {});
  t.deepEqual(logged, []);
});

test('the handler answers an empty batch with no records', async (t) => {
  const { handler } = setup();
  t.deepEqual(await handler(firehoseEvent([]), {}), { records: [] });
});

test('the handler rejects an event that is not from Firehose', async (t) => {
  const { handler } = setup();
  await t.throwsAsync(handler({ Records: [] } as unknown as FirehoseTransformationEvent, {}), { instanceOf: TypeError, message: /"records"/ });
});
