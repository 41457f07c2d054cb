import test from 'ava';
import { connect } from 'node:net';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseClient, PutRecordCommand } from '@aws-sdk/client-firehose';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { authorization, jsonCall, startHostileEdgeWithRoles, type HostileEdge } from './harness.js';

const JSON_TYPE = { 'content-type': 'application/json' };
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** Sends bytes as they are and answers what came back (or '' when the server closed without answering). */
function sendBytes(hostile: HostileEdge, bytes: string, options: { endAfterWrite?: boolean; destroyAfterMs?: number } = {}): Promise<string> {
  const port = Number(new URL(hostile.edge.url).port);
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.write(bytes, () => {
      if (options.destroyAfterMs !== undefined) setTimeout(() => socket.destroy(), options.destroyAfterMs);
      else if (options.endAfterWrite) socket.end();
    });
  });
}

const refusedHosts = ['evil.example', 'evil.example:4566', 'localhost.evil.example', '127.0.0.1.nip.io', 'evillocalhost', 'evil.com@127.0.0.1', 'localhost:80@evil.example', 'localstack.cloud', '127.0.0.2', '[::2]'];

for (const host of refusedHosts) {
  test(`a request with Host ${JSON.stringify(host)} is refused with 403 naming the allowed hosts, in the routed service's format`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t);
    const s3 = await hostile.send({ method: 'PUT', path: '/dns-rebound', headers: { host, authorization: authorization('s3'), 'x-amz-date': '20260101T000000Z' } });
    t.is(s3.status, 403);
    t.is(s3.code, 'AccessDenied');
    t.regex(s3.text, /^<\?xml/);
    t.regex(s3.text, /localhost, 127\.0\.0\.1, \[::1\], \*\.localhost/);
    const firehose = await hostile.send({ method: 'POST', path: '/', headers: { ...jsonCall('firehose', 'Firehose_20150804.ListDeliveryStreams'), host }, body: '{}' });
    t.is(firehose.status, 403);
    t.is(firehose.code, 'AccessDeniedException');
    const admin = await hostile.send({ method: 'GET', path: '/_hosepipe/metrics', headers: { host } });
    t.is(admin.status, 403);
    t.regex(admin.text, /endpoint\.allowedHosts/);
    await hostile.assertUnharmed(t);
  });
}

const servedHosts = ['localhost', 'LOCALHOST:4566', '127.0.0.1', '127.0.0.1:1', '[::1]', '[::1]:4566', 'bucket.localhost', 'bucket.localhost:4566', 'bucket.s3.localhost.localstack.cloud:4566', 'localhost.localstack.cloud', 'localhost.'];

for (const host of servedHosts) {
  test(`a request with loopback Host ${JSON.stringify(host)} is served`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t);
    const answer = await hostile.send({ method: 'POST', path: '/', headers: { ...jsonCall('firehose', 'Firehose_20150804.ListDeliveryStreams'), host }, body: '{}' });
    t.is(answer.status, 200, answer.text);
    await hostile.assertUnharmed(t);
  });
}

test('a host listed in allowedHosts is served with its virtual-host forms; a longer name ending in it is not', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t, { allowedHosts: ['endpoint'] });
  for (const host of ['endpoint', 'endpoint:4566', 'bucket.endpoint:4566']) {
    t.is((await hostile.send({ path: '/_hosepipe/health', headers: { host } })).status, 200, host);
  }
  const refused = await hostile.send({ path: '/_hosepipe/health', headers: { host: 'notendpoint' } });
  t.is(refused.status, 403);
  t.regex(refused.text, /endpoint, \*\.endpoint/);
  await hostile.assertUnharmed(t);
});

test('an edge refuses to start with an allowedHosts entry that is not a host name', async (t) => {
  await t.throwsAsync(startHostileEdgeWithRoles(t, { allowedHosts: ['evil.example/path'] }), { message: /allowedHosts/ });
});

const formTypes = [undefined, 'text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx'];

for (const contentType of formTypes) {
  test(`admin POSTs and DELETEs with Content-Type ${JSON.stringify(contentType ?? null)} are refused with 415 and change nothing`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t);
    hostile.edge.faults.add({ service: 's3', latencyMs: 1 });
    const headers: Record<string, string> = contentType === undefined ? {} : { 'content-type': contentType };
    const rule = JSON.stringify({ service: 'kinesis', error: 'InternalFailure' });
    const faults = await hostile.send({ method: 'POST', path: '/_hosepipe/faults', headers, body: rule });
    t.is(faults.status, 415);
    t.is(faults.code, 'UnsupportedMediaType');
    const cleared = await hostile.send({ method: 'DELETE', path: '/_hosepipe/faults', headers });
    t.is(cleared.status, 415);
    t.deepEqual(hostile.edge.faults.list().map((fault) => fault.service), ['s3']);
    const before = hostile.edge.clock.now();
    const clock = await hostile.send({ method: 'POST', path: '/_hosepipe/clock', headers, body: JSON.stringify({ advanceMs: 86_400_000 }) });
    t.is(clock.status, 415);
    t.true(hostile.edge.clock.now() - before < 86_400_000);
    const flush = await hostile.send({ method: 'POST', path: '/_hosepipe/firehose/weblogs/flush', headers });
    t.is(flush.status, 415);
    await hostile.assertUnharmed(t);
  });
}

const crossSiteOrigins = ['http://evil.example', 'null', 'http://127.0.0.1', 'https://127.0.0.1:PORT', 'http://bucket.localhost:PORT', 'http://127.0.0.1:PORT.evil.example'];

for (const origin of crossSiteOrigins) {
  test(`an admin POST from Origin ${JSON.stringify(origin)} is refused with 403 even as JSON`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t);
    const port = new URL(hostile.edge.url).port;
    const answer = await hostile.send({
      method: 'POST', path: '/_hosepipe/faults', headers: { ...JSON_TYPE, origin: origin.replace('PORT', port) }, body: JSON.stringify({ service: 'kinesis', error: 'InternalFailure' }),
    });
    t.is(answer.status, 403);
    t.is(answer.code, 'AccessDenied');
    t.deepEqual(hostile.edge.faults.list(), []);
    await hostile.assertUnharmed(t);
  });
}

test('an admin POST as JSON from the endpoint\'s own origin, or with no Origin, is accepted', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t);
  const port = new URL(hostile.edge.url).port;
  for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`, undefined]) {
    const answer = await hostile.send({
      method: 'POST', path: '/_hosepipe/faults', headers: { 'content-type': 'application/json; charset=utf-8', ...(origin ? { origin } : {}) }, body: JSON.stringify({ service: 'kinesis', latencyMs: 1 }),
    });
    t.is(answer.status, 201, `${origin}: ${answer.text}`);
  }
  t.is(hostile.edge.faults.list().length, 4);
  await hostile.assertUnharmed(t);
});

test('a browser request marked Sec-Fetch-Site: cross-site is refused even without an Origin', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t);
  const answer = await hostile.send({ method: 'POST', path: '/_hosepipe/clock', headers: { ...JSON_TYPE, 'sec-fetch-site': 'cross-site' }, body: JSON.stringify({ advanceMs: 1 }) });
  t.is(answer.status, 403);
  await hostile.assertUnharmed(t);
});

test('GET health stays open to any origin and content type, at /_hosepipe/health and /_localstack/health', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t);
  for (const path of ['/_hosepipe/health', '/_localstack/health']) {
    const answer = await hostile.send({ path, headers: { origin: 'http://evil.example', 'content-type': 'text/plain' } });
    t.is(answer.status, 200);
    t.is((JSON.parse(answer.text) as { services: Record<string, string> }).services.firehose, 'running');
  }
  await hostile.assertUnharmed(t);
});

test('a cross-site form POST to the Lambda API with a presigned-style credential creates no function', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t);
  const query = `X-Amz-Credential=${encodeURIComponent('AKIDEXAMPLE/20260101/us-east-1/lambda/aws4_request')}`;
  const body = JSON.stringify({ FunctionName: 'planted', Runtime: 'nodejs20.x', Role: 'arn:aws:iam::000000000000:role/r', Handler: 'index.handler', Code: { ZipFile: 'UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==' } });
  const answer = await hostile.send({ method: 'POST', path: `/2015-03-31/functions?${query}`, headers: { 'content-type': 'text/plain', origin: 'http://evil.example' }, body });
  t.is(answer.status, 403);
  t.is(answer.code, 'AccessDeniedException');
  const listed = await hostile.send({ path: `/2015-03-31/functions?${query}` });
  t.is(listed.status, 200);
  t.notRegex(listed.text, /planted/);
  await hostile.assertUnharmed(t);
});

const hostileClocks: [string, Record<string, unknown>][] = [
  ['set to the largest Date', { set: 8_640_000_000_000_000 }],
  ['set past the largest Date', { set: 8_640_000_000_000_001 }],
  ['set to year 10000', { set: '+010000-01-01T00:00:00.000Z' }],
  ['set before 1970', { set: '1969-12-31T23:59:59Z' }],
  ['set to a string that is not a time', { set: 'tomorrow' }],
  ['set to an object', { set: { year: 3000 } }],
  ['advanced by 1e300 ms', { advanceMs: 1e300 }],
  ['advanced past year 9999', { advanceMs: 8_000_000_000_000_000 }],
  ['advanced by a string', { advanceMs: '1000' }],
  ['set near the end and advanced past it', { set: '9999-12-30T00:00:00Z', advanceMs: 2 * 86_400_000 }],
];

for (const [title, body] of hostileClocks) {
  test(`the admin clock ${title} answers 400 and leaves the clock and every flush working`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t, { firehose: { createDelayMs: 10 } });
    const before = hostile.edge.clock.now();
    const answer = await hostile.send({ method: 'POST', path: '/_hosepipe/clock', headers: JSON_TYPE, body: JSON.stringify(body) });
    t.is(answer.status, 400, answer.text);
    t.is(answer.code, 'InvalidArgument');
    t.true(Math.abs(hostile.edge.clock.now() - before) < 60_000, 'the clock did not move');
    const config = { endpoint: hostile.edge.url, region: 'us-east-1', credentials, requestHandler: new NodeHttpHandler() };
    await new S3Client({ ...config, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'clock-flush' }));
    const firehose = new FirehoseClient(config);
    await firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'clocked', ExtendedS3DestinationConfiguration: { RoleARN: 'arn:aws:iam::000000000000:role/r', BucketARN: 'arn:aws:s3:::clock-flush' } }));
    while ((await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'clocked' }))).DeliveryStreamDescription?.DeliveryStreamStatus !== 'ACTIVE') await new Promise((resolve) => setTimeout(resolve, 10));
    await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'clocked', Record: { Data: Buffer.from('one\n') } }));
    const flushed = await hostile.send({ method: 'POST', path: '/_hosepipe/firehose/clocked/flush', headers: JSON_TYPE });
    t.is(flushed.status, 200, flushed.text);
    t.is((JSON.parse(flushed.text) as { objectsWritten: number }).objectsWritten, 1);
    await hostile.assertUnharmed(t);
  });
}

test('the admin clock takes the latest time it allows, and answers it', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t);
  const answer = await hostile.send({ method: 'POST', path: '/_hosepipe/clock', headers: JSON_TYPE, body: JSON.stringify({ set: '9999-12-31T00:00:00Z' }) });
  t.is(answer.status, 200);
  t.regex(answer.text, /"now":"9999-12-31T00:00:0/);
  await hostile.assertUnharmed(t);
});

test('a flush path that is not percent-encoding answers 400, not 500', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t);
  const answer = await hostile.send({ method: 'POST', path: '/_hosepipe/firehose/%E0%A4%A/flush', headers: JSON_TYPE });
  t.is(answer.status, 400);
  await hostile.assertUnharmed(t);
});

const rawRequests: [string, string][] = [
  ['an absolute-form target that is not a URL', 'GET http://[ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
  ['an absolute-form target to the admin API', 'GET http://evil.example/_hosepipe/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
  ['a request line of garbage', 'NOT HTTP AT ALL\r\n\r\n'],
  ['a header without a colon', 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nbroken header\r\n\r\n'],
  ['two Content-Length headers that disagree', 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'],
  ['a chunked body with a bad chunk size', 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nX-Amz-Target: Firehose_20150804.ListDeliveryStreams\r\nAuthorization: AWS4-HMAC-SHA256 Credential=a/20260101/us-east-1/firehose/aws4_request\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'],
  ['a target of *', 'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
  ['a Host of 300 characters', `GET /_hosepipe/health HTTP/1.1\r\nHost: ${'a'.repeat(300)}\r\n\r\n`],
  ['no Host at all in HTTP/1.0', 'GET /_hosepipe/health HTTP/1.0\r\n\r\n'],
];

for (const [title, bytes] of rawRequests) {
  test(`${title} gets an answer or a closed connection, and the endpoint stays up`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t);
    const answer = await sendBytes(hostile, bytes, { endAfterWrite: true });
    t.notRegex(answer, /^HTTP\/1\.1 5\d\d/);
    await hostile.assertUnharmed(t);
  });
}

const abortedBodies: [string, Record<string, string>][] = [
  ['Firehose', jsonCall('firehose', 'Firehose_20150804.PutRecordBatch')],
  ['CloudWatch Logs', jsonCall('logs', 'Logs_20140328.PutLogEvents')],
  ['Kinesis', jsonCall('kinesis', 'Kinesis_20131202.PutRecords')],
  ['IAM', { authorization: authorization('iam'), 'content-type': 'application/x-www-form-urlencoded' }],
  ['the admin API', JSON_TYPE],
];

for (const [service, headers] of abortedBodies) {
  test(`a ${service} request that aborts mid-body harms nothing`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t);
    const path = service === 'the admin API' ? '/_hosepipe/faults' : '/';
    const head = Object.entries({ host: '127.0.0.1', 'content-length': '100000', ...headers }).map(([name, value]) => `${name}: ${value}`).join('\r\n');
    await sendBytes(hostile, `POST ${path} HTTP/1.1\r\n${head}\r\n\r\n{"Records":[{"Data":"`, { destroyAfterMs: 50 });
    await hostile.assertUnharmed(t);
  });
}
