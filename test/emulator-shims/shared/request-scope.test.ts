import test from 'ava';
import { AwsError, requestScope } from '../../../emulator-shims/shared/index.js';

const defaults = { accountId: '000000000000', region: 'us-east-1' };
const signed = (accessKey: string, region: string) => ({
  headers: { authorization: `AWS4-HMAC-SHA256 Credential=${accessKey}/20260101/${region}/kinesis/aws4_request, SignedHeaders=host, Signature=abc` },
  url: '/',
});

test('requestScope takes the region from the SigV4 scope and the account from a 12-digit access key', (t) => {
  t.deepEqual(requestScope(signed('test', 'eu-west-1'), defaults), { accountId: '000000000000', region: 'eu-west-1' });
  t.deepEqual(requestScope(signed('123456789012', 'us-gov-west-1'), defaults), { accountId: '123456789012', region: 'us-gov-west-1' });
  t.deepEqual(requestScope({ headers: {}, url: '/' }, defaults), defaults);
});

test('requestScope reads a presigned URL\'s X-Amz-Credential', (t) => {
  const url = `/bucket/key?X-Amz-Credential=${encodeURIComponent('test/20260101/ap-southeast-2/s3/aws4_request')}&X-Amz-Signature=x`;
  t.is(requestScope({ headers: {}, url }, defaults).region, 'ap-southeast-2');
});

for (const region of ['..', '.', 'US-EAST-1', 'x'.repeat(40), 'us-east-', '%2e%2e']) {
  test(`requestScope refuses the region ${JSON.stringify(region)} with InvalidSignatureException`, (t) => {
    const error = t.throws(() => requestScope(signed('test', region), defaults), { instanceOf: AwsError });
    t.is(error?.code, 'InvalidSignatureException');
    t.is(error?.statusCode, 400);
  });
}

for (const credential of ['test/20260101/../x/kinesis/aws4_request', 'test/20260101/us-east-1/../kinesis/aws4_request', 'test/20260101/us-east-1/kinesis', 'test/2026/us-east-1/kinesis/aws4_request']) {
  test(`requestScope refuses the malformed credential ${credential} with IncompleteSignatureException`, (t) => {
    const request = { headers: { authorization: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host, Signature=abc` }, url: '/' };
    t.is(t.throws(() => requestScope(request, defaults), { instanceOf: AwsError })?.code, 'IncompleteSignatureException');
  });
}
