import test from 'ava';
import { AwsError } from '../../../emulator-shims/shared/index.js';
import { callerOf, createSessionRegistry } from '../../../emulator-shims/sts/index.js';

const defaults = { accountId: '000000000000', region: 'us-east-1' };

function signed(accessKeyId: string, token?: string, region = 'eu-west-1') {
  return {
    url: '/',
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/${region}/kinesis/aws4_request, SignedHeaders=host, Signature=0`,
      ...(token === undefined ? {} : { 'x-amz-security-token': token }),
    },
  };
}

test('a key the endpoint never issued is the root of the scope\'s account', (t) => {
  const call = callerOf(signed('test'), defaults, createSessionRegistry(), 'kinesis');
  t.deepEqual(call, { scope: { accountId: '000000000000', region: 'eu-west-1' }, principal: { type: 'root', accountId: '000000000000', arn: 'arn:aws:iam::000000000000:root', accessKeyId: 'test' } });
  t.is(callerOf(signed('111122223333'), defaults, createSessionRegistry(), 'kinesis').principal?.arn, 'arn:aws:iam::111122223333:root');
});

test('an issued key with its token is the role session, in the role\'s account and the request\'s region', (t) => {
  const sessions = createSessionRegistry();
  const session = sessions.issue({ roleArn: 'arn:aws:iam::123456789012:role/app/runner', sessionName: 'fn', durationSeconds: 900, issuer: 'lambda' });
  const call = callerOf(signed(session.accessKeyId, session.sessionToken), defaults, sessions, 'kinesis');
  t.deepEqual(call.scope, { accountId: '123456789012', region: 'eu-west-1' });
  t.like(call.principal, {
    type: 'assumed-role', accountId: '123456789012', arn: 'arn:aws:sts::123456789012:assumed-role/runner/fn',
    roleArn: 'arn:aws:iam::123456789012:role/app/runner', roleName: 'runner', sessionName: 'fn', accessKeyId: session.accessKeyId,
  });
});

test('an issued key past its expiry is ExpiredToken in each service family\'s words', (t) => {
  let now = 1_000_000;
  const sessions = createSessionRegistry({ now: () => now });
  const session = sessions.issue({ roleArn: 'arn:aws:iam::123456789012:role/r', sessionName: 's1', durationSeconds: 900, issuer: 'sts' });
  now += 901_000;
  const codes = Object.fromEntries(['kinesis', 's3', 'sts', 'lambda'].map((service) => {
    const error = t.throws(() => callerOf(signed(session.accessKeyId, session.sessionToken), defaults, sessions, service, now), { instanceOf: AwsError });
    return [service, error?.code];
  }));
  t.deepEqual(codes, { kinesis: 'ExpiredTokenException', s3: 'ExpiredToken', sts: 'ExpiredToken', lambda: 'ExpiredTokenException' });
});

test('an issued key without its session token is refused', (t) => {
  const sessions = createSessionRegistry();
  const session = sessions.issue({ roleArn: 'arn:aws:iam::123456789012:role/r', sessionName: 's1', durationSeconds: 900, issuer: 'sts' });
  t.is(t.throws(() => callerOf(signed(session.accessKeyId), defaults, sessions, 's3'), { instanceOf: AwsError })?.code, 'InvalidToken');
});

test('a revoked session is forgotten and its key is an unknown one again', (t) => {
  const sessions = createSessionRegistry();
  const session = sessions.issue({ roleArn: 'arn:aws:iam::123456789012:role/r', sessionName: 's1', durationSeconds: 900, issuer: 'lambda' });
  sessions.revoke(session.accessKeyId);
  t.is(sessions.find(session.accessKeyId), undefined);
});
