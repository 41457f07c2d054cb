import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { CreateDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startHostileEdgeWithRoles, type HostileEdge } from './harness.js';

const JSON_HEADERS = { 'content-type': 'application/json' };
const ACCOUNT = '000000000000';

/** A DirectPut delivery stream to a bucket, so the per-pipeline routes have something to find. */
async function withPipeline(hostile: HostileEdge): Promise<string> {
  const common = { endpoint: hostile.edge.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() };
  const s3 = new S3Client({ ...common, forcePathStyle: true });
  const firehose = new FirehoseClient(common);
  await s3.send(new CreateBucketCommand({ Bucket: 'hostile-view' }));
  await firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: 'hostile-view', DeliveryStreamType: 'DirectPut',
    ExtendedS3DestinationConfiguration: { BucketARN: 'arn:aws:s3:::hostile-view', RoleARN: `arn:aws:iam::${ACCOUNT}:role/firehose`, Prefix: 'logs/' },
  }));
  s3.destroy();
  firehose.destroy();
  return `/_hosepipe/pipelines/${ACCOUNT}/us-east-1/hostile-view`;
}

const badPipelinePaths: Array<[string, string]> = [
  ['an account that is not 12 digits', `/_hosepipe/pipelines/..%2F..%2Fetc/us-east-1/name`],
  ['a region of %2e%2e (routed as sent, decoded to ..)', `/_hosepipe/pipelines/${ACCOUNT}/%2e%2e/name`],
  ['a region with an encoded slash and ..', `/_hosepipe/pipelines/${ACCOUNT}/us-east-1%2F..%2F..%2F/name`],
  ['a region of 300 characters', `/_hosepipe/pipelines/${ACCOUNT}/${'a'.repeat(300)}/name`],
  ['a name with an encoded slash', `/_hosepipe/pipelines/${ACCOUNT}/us-east-1/..%2F..%2Fmarker.txt`],
  ['a name of 65 characters', `/_hosepipe/pipelines/${ACCOUNT}/us-east-1/${'n'.repeat(65)}`],
  ['broken percent-encoding', `/_hosepipe/pipelines/${ACCOUNT}/us-east-1/%E0%A4%A`],
];

for (const [what, path] of badPipelinePaths) {
  test(`a pipeline snapshot asked with ${what} is refused with 400 InvalidArgument`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t);
    const answer = await hostile.send({ path });
    t.is(answer.status, 400, answer.text);
    t.is(answer.code, 'InvalidArgument');
    await hostile.assertUnharmed(t);
  });
}

test('a snapshot of a delivery stream that does not exist is 404 ResourceNotFoundException', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t);
  const answer = await hostile.send({ path: `/_hosepipe/pipelines/${ACCOUNT}/eu-west-1/nothing-here` });
  t.is(answer.status, 404);
  t.is(answer.code, 'ResourceNotFoundException');
  await hostile.assertUnharmed(t);
});

const badObjectQueries: Array<[string, string, number, string]> = [
  ['an unknown kind', 'kind=secrets&key=logs/a', 400, 'InvalidArgument'],
  ['no key', 'kind=success', 400, 'InvalidArgument'],
  ['a NUL in the key', 'kind=success&key=logs/%00a', 400, 'InvalidArgument'],
  ['a key of 1025 bytes', `kind=success&key=${'k'.repeat(1025)}`, 400, 'InvalidArgument'],
  ['a key climbing out with ..', 'kind=success&key=logs/../../../marker.txt', 400, 'InvalidArgument'],
  ['a key outside the pipeline\'s prefixes', `kind=success&key=${encodeURIComponent('../marker.txt')}`, 400, 'InvalidArgument'],
  ['a key elsewhere in the bucket', 'kind=success&key=other/object.json', 404, 'NoSuchKey'],
];

for (const [what, query, status, code] of badObjectQueries) {
  test(`opening an object with ${what} answers ${status} ${code} and reads nothing`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t);
    const path = await withPipeline(hostile);
    const answer = await hostile.send({ path: `${path}/object?${query}` });
    t.is(answer.status, status, answer.text);
    t.is(answer.code, code);
    await hostile.assertUnharmed(t);
  });
}

const badSources: Array<[string, unknown, string]> = [
  ['an agent status URL off this machine', { stream: 's', agentStatusUrl: 'http://169.254.169.254/latest/meta-data/' }, 'InvalidArgument'],
  ['a file: agent status URL', { stream: 's', agentStatusUrl: 'file:///etc/passwd' }, 'InvalidArgument'],
  ['credentials in the agent status URL', { stream: 's', agentStatusUrl: 'http://user:pw@127.0.0.1:1/status' }, 'InvalidArgument'],
  ['an access log outside the state folder', { stream: 's', accessLog: '/etc/passwd' }, 'InvalidArgument'],
  ['an access log climbing out with ..', { stream: 's', accessLog: '/tmp/../etc/passwd' }, 'InvalidArgument'],
  ['a relative access log', { stream: 's', accessLog: 'nginx/logs/access.log' }, 'InvalidArgument'],
  ['a stream name with a slash', { stream: '../other' }, 'InvalidArgument'],
  ['a region of ..', { stream: 's', region: '..' }, 'InvalidArgument'],
  ['an account of letters', { stream: 's', accountId: 'abcdefghijkl' }, 'InvalidArgument'],
  ['an unknown field', { stream: 's', command: 'rm -rf /' }, 'InvalidArgument'],
  ['a list instead of an object', [{ stream: 's' }], 'InvalidArgument'],
];

for (const [what, body, code] of badSources) {
  test(`registering a source with ${what} is refused with 400 ${code}`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t);
    const answer = await hostile.send({ method: 'POST', path: '/_hosepipe/sources', headers: JSON_HEADERS, body: JSON.stringify(body) });
    t.is(answer.status, 400, answer.text);
    t.is(answer.code, code);
    const listed = await hostile.send({ path: '/_hosepipe/sources' });
    t.deepEqual(JSON.parse(listed.text), { sources: [] });
    await hostile.assertUnharmed(t);
  });
}

test('an access log that is a symlink out of the state folder is refused', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t);
  mkdirSync(join(hostile.stateDir, 'nginx'), { recursive: true });
  const link = join(hostile.stateDir, 'nginx', 'access.log');
  symlinkSync(join(hostile.sandbox, 'marker.txt'), link);
  const answer = await hostile.send({ method: 'POST', path: '/_hosepipe/sources', headers: JSON_HEADERS, body: JSON.stringify({ stream: 's', accessLog: link }) });
  t.is(answer.status, 400, answer.text);
  t.is(answer.code, 'InvalidArgument');
  await hostile.assertUnharmed(t);
});

test('a source body that is not JSON, or too large, is refused', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t);
  const broken = await hostile.send({ method: 'POST', path: '/_hosepipe/sources', headers: JSON_HEADERS, body: '{"stream":' });
  t.is(broken.status, 400);
  t.is(broken.code, 'InvalidArgument');
  const large = await hostile.send({ method: 'POST', path: '/_hosepipe/sources', headers: JSON_HEADERS, body: JSON.stringify({ stream: 's', nginxUrl: `http://127.0.0.1/${'x'.repeat(20_000)}` }) });
  t.is(large.status, 413);
  await hostile.assertUnharmed(t);
});

test('sources stop at 64; the 65th is refused with LimitExceededException', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t);
  for (let index = 0; index < 64; index++) {
    const answer = await hostile.send({ method: 'POST', path: '/_hosepipe/sources', headers: JSON_HEADERS, body: JSON.stringify({ stream: `s${index}` }) });
    t.is(answer.status, 201);
  }
  const over = await hostile.send({ method: 'POST', path: '/_hosepipe/sources', headers: JSON_HEADERS, body: JSON.stringify({ stream: 'one-too-many' }) });
  t.is(over.status, 400);
  t.is(over.code, 'LimitExceededException');
  await hostile.assertUnharmed(t);
});

const crossSite: Array<[string, Record<string, string>, number, string]> = [
  ['text/plain (a cross-site form or no-preflight fetch)', { 'content-type': 'text/plain' }, 415, 'UnsupportedMediaType'],
  ['no content type', {}, 415, 'UnsupportedMediaType'],
  ['JSON from another origin', { ...JSON_HEADERS, origin: 'https://evil.example' }, 403, 'AccessDenied'],
  ['JSON from an opaque origin', { ...JSON_HEADERS, origin: 'null' }, 403, 'AccessDenied'],
];

for (const [what, headers, status, code] of crossSite) {
  test(`a source registration sent as ${what} is refused with ${status}`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t);
    const answer = await hostile.send({ method: 'POST', path: '/_hosepipe/sources', headers, body: JSON.stringify({ stream: 's' }) });
    t.is(answer.status, status, answer.text);
    t.is(answer.code, code);
    t.deepEqual(JSON.parse((await hostile.send({ path: '/_hosepipe/sources' })).text), { sources: [] });
    await hostile.assertUnharmed(t);
  });

  test(`a flush from the view sent as ${what} is refused with ${status}`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t);
    const path = await withPipeline(hostile);
    const answer = await hostile.send({ method: 'POST', path: `${path}/flush`, headers, body: '{}' });
    t.is(answer.status, status, answer.text);
    t.is(answer.code, code);
    await hostile.assertUnharmed(t);
  });
}

test('a flush of a delivery stream in another region is 404, not the one of the same name here', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t);
  await withPipeline(hostile);
  const answer = await hostile.send({ method: 'POST', path: `/_hosepipe/pipelines/${ACCOUNT}/eu-west-1/hostile-view/flush`, headers: JSON_HEADERS, body: '{}' });
  t.is(answer.status, 404);
  t.is(answer.code, 'ResourceNotFoundException');
  await hostile.assertUnharmed(t);
});
