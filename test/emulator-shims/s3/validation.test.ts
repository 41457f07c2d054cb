import test from 'ava';
import { checkPostPolicy } from '../../../emulator-shims/s3/post-policy.js';
import { checkPresigned } from '../../../emulator-shims/s3/presign.js';
import { bucketNameProblem, checkKey, checkPartNumber } from '../../../emulator-shims/s3/validation.js';

for (const name of ['abc-', '-abc', 'ab', 'a'.repeat(64), 'Abc', 'a_b', 'a..b', '192.168.1.1', 'xn--abc', 'sthree-x', 'name-s3alias', 'name--ol-s3', 'a.mrap', 'a--x-s3']) {
  test(`bucket name ${JSON.stringify(name)} is refused`, (t) => {
    t.not(bucketNameProblem(name), undefined);
  });
}

for (const name of ['abc', 'my.bucket-01', '192.168.1.1a', 'a'.repeat(63)]) {
  test(`bucket name ${JSON.stringify(name)} is valid`, (t) => {
    t.is(bucketNameProblem(name), undefined);
  });
}

test('checkKey takes 1,024 bytes and refuses 1,025 with KeyTooLongError, and a NUL with InvalidURI', (t) => {
  t.notThrows(() => checkKey('k'.repeat(1024)));
  t.throws(() => checkKey(`${'é'.repeat(512)}k`), { name: 'KeyTooLongError' });
  t.throws(() => checkKey('a\u0000'), { name: 'InvalidURI' });
});

test('checkPartNumber takes 1 to 10,000', (t) => {
  t.is(checkPartNumber('10000'), 10_000);
  for (const text of ['0', '10001', '-1', '1.5', '', '../1', null]) t.throws(() => checkPartNumber(text), { name: 'InvalidArgument' }, String(text));
});

test('checkPresigned refuses an expired URL, and a week and a second', (t) => {
  const query = (date: string, expires: string) => new URLSearchParams({ 'X-Amz-Credential': 'a/20260101/us-east-1/s3/aws4_request', 'X-Amz-Signature': 'x', 'X-Amz-Date': date, 'X-Amz-Expires': expires });
  const signedAt = Date.parse('2026-01-01T00:00:00Z');
  t.notThrows(() => checkPresigned(query('20260101T000000Z', '60'), signedAt + 59_000));
  t.throws(() => checkPresigned(query('20260101T000000Z', '60'), signedAt + 61_000), { name: 'AccessDenied', message: 'Request has expired' });
  t.throws(() => checkPresigned(query('20260101T000000Z', '604801'), signedAt), { name: 'AuthorizationQueryParametersError' });
  t.throws(() => checkPresigned(query('2026-01-01', '60'), signedAt), { name: 'AuthorizationQueryParametersError' });
});

test('checkPostPolicy refuses a form without policy and signature, an expired policy, a failed condition and an extra field', (t) => {
  const policy = (expiration: string, conditions: unknown[]) => Buffer.from(JSON.stringify({ expiration, conditions })).toString('base64');
  const signed = { 'x-amz-algorithm': 'AWS4-HMAC-SHA256', 'x-amz-credential': 'c', 'x-amz-date': 'd', 'x-amz-signature': 's' };
  const allow = [{ bucket: 'b' }, ['starts-with', '$key', 'up/'], { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' }, { 'x-amz-credential': 'c' }, { 'x-amz-date': 'd' }];
  const form = (fields: Record<string, string>) => new Map(Object.entries(fields));
  const now = Date.parse('2026-01-01T00:00:00Z');
  t.throws(() => checkPostPolicy(form({ key: 'x' }), 'b', now), { name: 'AccessDenied' });
  t.throws(() => checkPostPolicy(form({ key: 'x', policy: policy('2027-01-01T00:00:00Z', allow) }), 'b', now), { name: 'InvalidArgument' });
  t.throws(() => checkPostPolicy(form({ key: 'up/x', policy: policy('2025-01-01T00:00:00Z', allow), ...signed }), 'b', now), { message: /Policy expired/ });
  t.throws(() => checkPostPolicy(form({ key: 'down/x', policy: policy('2027-01-01T00:00:00Z', allow), ...signed }), 'b', now), { message: /Policy Condition failed/ });
  t.throws(() => checkPostPolicy(form({ key: 'up/x', acl: 'public-read', policy: policy('2027-01-01T00:00:00Z', allow), ...signed }), 'b', now), { message: /Extra input fields: acl/ });
  t.throws(() => checkPostPolicy(form({ key: 'up/x', policy: 'not base64 json', ...signed }), 'b', now), { name: 'InvalidPolicyDocument' });
  t.deepEqual(checkPostPolicy(form({ key: 'up/x', policy: policy('2027-01-01T00:00:00Z', [...allow, ['content-length-range', 1, 10]]), ...signed }), 'b', now), { contentLength: [1, 10] });
});
