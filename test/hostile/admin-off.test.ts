import test from 'ava';
import { FirehoseClient, ListDeliveryStreamsCommand } from '@aws-sdk/client-firehose';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { adminEnabled } from '../../emulator-shims/index.js';
import { authorization, jsonCall, startHostileEdge, type RawRequest } from './harness.js';

const JSON_TYPE = { 'content-type': 'application/json' };

// Every admin call there is, as a script (or a page on another site) would send it to an endpoint standing in for AWS.
const adminCalls: RawRequest[] = [
  { path: '/_hosepipe/health' },
  { path: '/_localstack/health' },
  { path: '/_hosepipe/metrics' },
  { path: '/_hosepipe/faults' },
  { method: 'POST', path: '/_hosepipe/faults', headers: JSON_TYPE, body: JSON.stringify({ service: 'kinesis', error: 'InternalFailure' }) },
  { method: 'DELETE', path: '/_hosepipe/faults', headers: JSON_TYPE },
  { method: 'POST', path: '/_hosepipe/clock', headers: JSON_TYPE, body: JSON.stringify({ advanceMs: 86_400_000 }) },
  { method: 'POST', path: '/_hosepipe/firehose/any/flush', headers: JSON_TYPE, body: '{}' },
  { path: '/_hosepipe/' },
  { path: '/_hosepipe/pipelines' },
  { method: 'POST', path: '/_hosepipe/sources', headers: JSON_TYPE, body: JSON.stringify({ stream: 's', region: 'us-east-1', nginxUrl: 'http://127.0.0.1:1', accessLog: '/etc/passwd' }) },
  { path: '/_hosepipe/../_hosepipe/health' },
  { path: '/_hosepipe%2fhealth' },
];

for (const call of adminCalls) {
  test(`with the admin API off, ${call.method ?? 'GET'} ${call.path} unsigned answers as AWS does for a call without credentials (403 MissingAuthenticationToken) and changes nothing`, async (t) => {
    const hostile = await startHostileEdge(t, { admin: false });
    const before = hostile.edge.clock.now();
    const answer = await hostile.send(call);
    t.is(answer.status, 403, answer.text);
    t.is(answer.code, 'MissingAuthenticationTokenException');
    t.notRegex(answer.text, /hosepipe|_hosepipe/i, 'nothing in the answer says it is not AWS');
    t.deepEqual(hostile.edge.faults.list(), [], 'no fault rule was added');
    t.true(hostile.edge.clock.now() - before < 3_600_000, 'the clock did not move a day ahead');
    await hostile.assertUnharmed(t);
  });
}

test('with the admin API off, a signed S3 call to /_hosepipe/faults is an S3 request for bucket "_hosepipe": a 4xx S3 error in XML, never the fault list', async (t) => {
  const hostile = await startHostileEdge(t, { admin: false });
  for (const method of ['GET', 'PUT', 'DELETE']) {
    const answer = await hostile.send({ method, path: '/_hosepipe/faults', headers: { authorization: authorization('s3'), 'x-amz-date': '20260101T000000Z', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body: method === 'PUT' ? '{"service":"s3","error":"InternalError"}' : undefined });
    t.true(answer.status >= 400 && answer.status < 500, `${method}: ${answer.status} ${answer.text}`);
    t.regex(answer.text, /^<\?xml/, method);
    t.truthy(answer.code, method);
    t.notRegex(answer.text, /"rules"/, method);
  }
  t.deepEqual(hostile.edge.faults.list(), []);
  await hostile.assertUnharmed(t);
});

test('with the admin API off, a Kinesis call sent to an admin path answers as Kinesis, and a Firehose call as Firehose', async (t) => {
  const hostile = await startHostileEdge(t, { admin: false });
  const kinesis = await hostile.send({ method: 'POST', path: '/_hosepipe/faults', headers: jsonCall('kinesis', 'Kinesis_20131202.ListStreams'), body: '{}' });
  t.is(kinesis.status, 200, kinesis.text);
  t.deepEqual(JSON.parse(kinesis.text).StreamNames, []);
  const firehose = await hostile.send({ method: 'POST', path: '/_hosepipe/firehose/x/flush', headers: jsonCall('firehose', 'Firehose_20150804.DescribeDeliveryStream'), body: '{"DeliveryStreamName":"x"}' });
  t.is(firehose.status, 400, firehose.text);
  t.is(firehose.code, 'ResourceNotFoundException');
  await hostile.assertUnharmed(t);
});

test('with the admin API off, the AWS APIs still answer through the SDK', async (t) => {
  const hostile = await startHostileEdge(t, { admin: false });
  const firehose = new FirehoseClient({ endpoint: hostile.edge.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() });
  t.teardown(() => firehose.destroy());
  const listed = await firehose.send(new ListDeliveryStreamsCommand({}));
  t.deepEqual(listed.DeliveryStreamNames, []);
  t.false(hostile.edge.admin);
});

test('the admin API is on unless the option or HOSEPIPE_ADMIN switches it off; the option wins over the environment', (t) => {
  t.true(adminEnabled(undefined, undefined));
  t.true(adminEnabled(undefined, ''));
  t.true(adminEnabled(undefined, 'on'));
  t.true(adminEnabled(undefined, 'something else'));
  for (const off of ['off', 'OFF', ' false ', '0', 'no']) t.false(adminEnabled(undefined, off), off);
  t.true(adminEnabled(true, 'off'));
  t.false(adminEnabled(false, 'on'));
});

test('with HOSEPIPE_ADMIN=off in the environment and no option, /_hosepipe/health is not served', async (t) => {
  const saved = process.env.HOSEPIPE_ADMIN;
  process.env.HOSEPIPE_ADMIN = 'off';
  t.teardown(() => (saved === undefined ? delete process.env.HOSEPIPE_ADMIN : (process.env.HOSEPIPE_ADMIN = saved)));
  const hostile = await startHostileEdge(t);
  t.false(hostile.edge.admin);
  const answer = await hostile.send({ path: '/_hosepipe/health' });
  t.is(answer.status, 403);
});
