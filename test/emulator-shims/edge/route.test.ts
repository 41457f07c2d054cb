import test from 'ava';
import { hasCredentials, routeRequest, type RouteInput } from '../../../emulator-shims/edge/index.js';

const scope = (service: string) => `AWS4-HMAC-SHA256 Credential=test/20261125/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=abc`;

function input(partial: Partial<RouteInput> & { headers?: RouteInput['headers'] }): RouteInput {
  return { method: 'POST', path: '/', query: new URLSearchParams(), headers: {}, ...partial };
}

const routes = test.macro({
  exec(t, request: RouteInput, expected: string) {
    const route = routeRequest(request);
    t.is(route.kind === 'admin' ? `admin:${route.path}` : route.service, expected);
  },
  title: (provided = '', _request, expected: string) => `${provided} routes to ${expected}`,
});

test('the admin path', routes, input({ path: '/_hosepipe/health' }), 'admin:health');
test('a Kinesis target (JSON or CBOR alike)', routes, input({ headers: { 'x-amz-target': 'Kinesis_20131202.PutRecords', authorization: scope('kinesis') } }), 'kinesis');
test('a Firehose target', routes, input({ headers: { 'x-amz-target': 'Firehose_20150804.PutRecordBatch' } }), 'firehose');
test('the Lambda functions path', routes, input({ path: '/2015-03-31/functions/f/invocations' }), 'lambda');
test('a SigV4 scope naming iam', routes, input({ headers: { authorization: scope('iam') } }), 'iam');
test('a presigned URL scope naming s3', routes, input({ method: 'GET', path: '/b/k', query: new URLSearchParams({ 'X-Amz-Credential': 'test/20261125/us-east-1/s3/aws4_request' }) }), 's3');
test('an unsigned path-style request', routes, input({ method: 'GET', path: '/bucket/key' }), 's3');

test('credentials are required in form but signatures are not checked', (t) => {
  t.true(hasCredentials({ headers: { authorization: scope('s3') }, query: new URLSearchParams() }));
  t.true(hasCredentials({ headers: {}, query: new URLSearchParams({ 'X-Amz-Credential': 'a/b/c/s3/aws4_request' }) }));
  t.false(hasCredentials({ headers: {}, query: new URLSearchParams() }));
  t.false(hasCredentials({ headers: { authorization: 'Bearer x' }, query: new URLSearchParams() }));
});
