import test from 'ava';
import { authorization, startHostileEdge, type HostileEdge } from './harness.js';

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }] });

/** One IAM query call as raw form bytes, signed in form only. */
function iamCall(hostile: HostileEdge, params: Record<string, string>) {
  return hostile.send({
    method: 'POST', path: '/',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: authorization('iam') },
    body: new URLSearchParams({ Version: '2010-05-08', ...params }).toString(),
  });
}

function nested(depth: number): unknown {
  let condition: unknown = 'x';
  for (let i = 0; i < depth; i++) condition = { StringEquals: condition };
  return condition;
}

const hostileDocuments: [string, string][] = [
  ['truncated JSON', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"'],
  ['a JSON array', '[]'],
  ['a JSON string', '"Allow everything"'],
  ['an unknown condition operator', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringSortOf: { 'aws:SourceIp': 'x' } } }] })],
  ['a condition nested 40 deep', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: nested(40) }] })],
  ['arrays nested 100,000 deep', `{"Version":"2012-10-17","Statement":${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
  ['a 150 KB document (IAM allows 131,072 characters)', JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 2_500 }, () => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })) })],
  ['a __proto__ key', '{"Version":"2012-10-17","__proto__":{"polluted":true},"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'],
  ['a Resource that is a number', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 42 }] })],
];

for (const [what, document] of hostileDocuments) {
  test(`PutRolePolicy with ${what} answers IAM's 400 (MalformedPolicyDocument or ValidationError), stores nothing, and the endpoint stays up`, async (t) => {
    const hostile = await startHostileEdge(t, { iam: { enforce: true } });
    t.is((await iamCall(hostile, { Action: 'CreateRole', RoleName: 'target', AssumeRolePolicyDocument: TRUST })).status, 200);
    const answer = await iamCall(hostile, { Action: 'PutRolePolicy', RoleName: 'target', PolicyName: 'p', PolicyDocument: document });
    t.is(answer.status, 400, answer.text.slice(0, 300));
    t.true(['MalformedPolicyDocument', 'ValidationError'].includes(answer.code ?? ''), answer.text.slice(0, 300));
    const listed = await iamCall(hostile, { Action: 'ListRolePolicies', RoleName: 'target' });
    t.notRegex(listed.text, /<member>p<\/member>/);
    t.is(({} as Record<string, unknown>).polluted, undefined);
    await hostile.assertUnharmed(t);
  });
}

test('a trust policy with a malformed principal is refused with MalformedPolicyDocument at CreateRole', async (t) => {
  const hostile = await startHostileEdge(t, { iam: { enforce: true } });
  const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'not an arn' }, Action: 'sts:AssumeRole' }] });
  const answer = await iamCall(hostile, { Action: 'CreateRole', RoleName: 'bad-trust', AssumeRolePolicyDocument: document });
  t.is(answer.status, 400, answer.text.slice(0, 300));
  t.is(answer.code, 'MalformedPolicyDocument');
  await hostile.assertUnharmed(t);
});

test('a role session whose request names a hostile bucket is evaluated on that name and refused, never read from disk', async (t) => {
  const hostile = await startHostileEdge(t, { iam: { enforce: true } });
  await iamCall(hostile, { Action: 'CreateRole', RoleName: 'nothing', AssumeRolePolicyDocument: TRUST });
  const assumed = await hostile.send({
    method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: authorization('sts') },
    body: new URLSearchParams({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: 'arn:aws:iam::000000000000:role/nothing', RoleSessionName: 'attacker' }).toString(),
  });
  const key = /<AccessKeyId>([^<]+)</.exec(assumed.text)?.[1];
  const token = /<SessionToken>([^<]+)</.exec(assumed.text)?.[1];
  t.truthy(key);
  for (const path of ['/..%2f..%2fetc/passwd', '/%2e%2e/x', '/../../../etc/passwd']) {
    const answer = await hostile.send({ method: 'GET', path, headers: { authorization: authorization('s3', 'us-east-1', key), 'x-amz-security-token': token! } });
    t.true(answer.status === 403 || answer.status === 400, `${path}: ${answer.status} ${answer.text.slice(0, 200)}`);
  }
  await hostile.assertUnharmed(t);
});
