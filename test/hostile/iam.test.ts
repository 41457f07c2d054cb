import test from 'ava';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { authorization, startHostileEdge, type HostileEdge, type RawAnswer } from './harness.js';

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const POLICY = (resource: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resource }] });

/** One IAM (or STS) query call with a form body, signed in form by `accessKey`. */
async function query(hostile: HostileEdge, action: string, params: Record<string, string> = {}, options: { service?: string; accessKey?: string } = {}): Promise<RawAnswer> {
  const service = options.service ?? 'iam';
  const body = new URLSearchParams({ Action: action, Version: service === 'iam' ? '2010-05-08' : '2011-06-15', ...params }).toString();
  return hostile.send({
    method: 'POST', path: '/', body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: authorization(service, 'us-east-1', options.accessKey), 'x-amz-date': '20260101T000000Z' },
  });
}

const tags = (pairs: [string, string][]): Record<string, string> => Object.fromEntries(pairs.flatMap(([key, value], index) => [[`Tags.member.${index + 1}.Key`, key], [`Tags.member.${index + 1}.Value`, value]]));

const badCreates: [string, Record<string, string>, number, string][] = [
  ['a role name with ../', { RoleName: '../../pwned' }, 400, 'ValidationError'],
  ['a role name with a slash', { RoleName: 'a/b' }, 400, 'ValidationError'],
  ['a role name of 65 characters', { RoleName: 'r'.repeat(65) }, 400, 'ValidationError'],
  ['an empty role name', { RoleName: '' }, 400, 'ValidationError'],
  ['a unicode role name', { RoleName: 'rôle' }, 400, 'ValidationError'],
  ['a path without its leading slash', { Path: 'service/' }, 400, 'ValidationError'],
  ['a path without its trailing slash', { Path: '/service' }, 400, 'ValidationError'],
  ['a path with a space', { Path: '/a b/' }, 400, 'ValidationError'],
  ['a path of 513 characters', { Path: `/${'p'.repeat(511)}/` }, 400, 'ValidationError'],
  ['a MaxSessionDuration that is not a number', { MaxSessionDuration: 'abc' }, 400, 'ValidationError'],
  ['a MaxSessionDuration under an hour', { MaxSessionDuration: '100' }, 400, 'ValidationError'],
  ['a MaxSessionDuration over 12 hours', { MaxSessionDuration: '43201' }, 400, 'ValidationError'],
  ['a description with a control character', { Description: 'a\u0001b' }, 400, 'ValidationError'],
  ['a trust policy that is not JSON', { AssumeRolePolicyDocument: '{"Version":' }, 400, 'MalformedPolicyDocument'],
  ['a trust policy with characters past \\u00FF', { AssumeRolePolicyDocument: TRUST.replace('sts:AssumeRole', 'sts:AssumeRole😀') }, 400, 'ValidationError'],
  ['a trust policy of 2,049 characters', { AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Id: 'x'.repeat(2000), Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }, 409, 'LimitExceeded'],
  ['a tag key with <', tags([['<script>', 'v']]), 400, 'ValidationError'],
  ['a tag key of 129 characters', tags([['k'.repeat(129), 'v']]), 400, 'ValidationError'],
  ['51 tags', tags(Array.from({ length: 51 }, (_, index) => [`k${index}`, 'v'] as [string, string])), 400, 'ValidationError'],
  ['two tag keys that differ only in case', tags([['Team', 'a'], ['team', 'b']]), 400, 'InvalidInput'],
];

for (const [title, params, status, code] of badCreates) {
  test(`CreateRole with ${title} answers ${status} ${code} and creates nothing`, async (t) => {
    const hostile = await startHostileEdge(t);
    const answer = await query(hostile, 'CreateRole', { RoleName: 'hostile', AssumeRolePolicyDocument: TRUST, ...params });
    t.is(answer.status, status, answer.text.slice(0, 400));
    t.is(answer.code, code, answer.text.slice(0, 400));
    t.regex(answer.text, /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/">/);
    const roles = await query(hostile, 'GetRole', { RoleName: params.RoleName ?? 'hostile' });
    t.not(roles.status, 200);
    await hostile.assertUnharmed(t);
  });
}

test('a path of /../../ is a legal IAM path: it goes into the ARN and nowhere on disk', async (t) => {
  const hostile = await startHostileEdge(t);
  const answer = await query(hostile, 'CreateRole', { RoleName: 'climber', Path: '/../../', AssumeRolePolicyDocument: TRUST });
  t.is(answer.status, 200, answer.text);
  t.regex(answer.text, /<Arn>arn:aws:iam::000000000000:role\/\.\.\/\.\.\/climber<\/Arn>/);
  t.deepEqual(readdirSync(join(hostile.stateDir, 'iam')), ['000000000000']);
  await hostile.assertUnharmed(t);
});

for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
  test(`an inline policy named ${name} is only what the role has: absent it is NoSuchEntity, present it round-trips`, async (t) => {
    const hostile = await startHostileEdge(t);
    t.is((await query(hostile, 'CreateRole', { RoleName: 'plain', AssumeRolePolicyDocument: TRUST })).status, 200);
    for (const action of ['GetRolePolicy', 'DeleteRolePolicy']) {
      const missing = await query(hostile, action, { RoleName: 'plain', PolicyName: name });
      t.is(missing.status, 404, `${action}: ${missing.text}`);
      t.is(missing.code, 'NoSuchEntity');
    }
    t.is((await query(hostile, 'PutRolePolicy', { RoleName: 'plain', PolicyName: name, PolicyDocument: POLICY('arn:aws:s3:::b/*') })).status, 200);
    await hostile.restart();
    const got = await query(hostile, 'GetRolePolicy', { RoleName: 'plain', PolicyName: name });
    t.is(got.status, 200);
    t.regex(decodeURIComponent(/<PolicyDocument>([^<]*)</.exec(got.text)?.[1] ?? ''), /arn:aws:s3:::b/);
    t.regex((await query(hostile, 'ListRolePolicies', { RoleName: 'plain' })).text, new RegExp(`<member>${name}</member>`));
    t.is((await query(hostile, 'DeleteRolePolicy', { RoleName: 'plain', PolicyName: name })).status, 200);
    t.is((await query(hostile, 'DeleteRole', { RoleName: 'plain' })).status, 200);
    await hostile.assertUnharmed(t);
  });
}

test('inline policies past 10,240 characters per role are refused with LimitExceeded', async (t) => {
  const hostile = await startHostileEdge(t);
  await query(hostile, 'CreateRole', { RoleName: 'heavy', AssumeRolePolicyDocument: TRUST });
  const resources = (count: number, tag: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: Array.from({ length: count }, (_, index) => `arn:aws:s3:::bucket-${tag}/${index}`) }] });
  t.is((await query(hostile, 'PutRolePolicy', { RoleName: 'heavy', PolicyName: 'one', PolicyDocument: resources(200, 'a') })).status, 200);
  const over = await query(hostile, 'PutRolePolicy', { RoleName: 'heavy', PolicyName: 'two', PolicyDocument: resources(200, 'b') });
  t.is(over.status, 409);
  t.is(over.code, 'LimitExceeded');
  t.regex(over.text, /Maximum policy size of 10240 bytes exceeded for role heavy/);
  await hostile.assertUnharmed(t);
});

test('more than 10 managed policies on a role are refused with LimitExceeded', async (t) => {
  const hostile = await startHostileEdge(t);
  await query(hostile, 'CreateRole', { RoleName: 'attached', AssumeRolePolicyDocument: TRUST });
  for (let index = 0; index < 10; index += 1) {
    t.is((await query(hostile, 'AttachRolePolicy', { RoleName: 'attached', PolicyArn: `arn:aws:iam::aws:policy/Policy${index}` })).status, 200);
  }
  const eleventh = await query(hostile, 'AttachRolePolicy', { RoleName: 'attached', PolicyArn: 'arn:aws:iam::aws:policy/Policy10' });
  t.is(eleventh.status, 409);
  t.is(eleventh.code, 'LimitExceeded');
  await hostile.assertUnharmed(t);
});

test('tags are unique ignoring case: TagRole replaces, UntagRole removes either spelling; 51 keys to untag are refused', async (t) => {
  const hostile = await startHostileEdge(t);
  await query(hostile, 'CreateRole', { RoleName: 'tagged', AssumeRolePolicyDocument: TRUST, ...tags([['Team', 'a']]) });
  t.is((await query(hostile, 'TagRole', { RoleName: 'tagged', ...tags([['team', 'b']]) })).status, 200);
  t.regex((await query(hostile, 'ListRoleTags', { RoleName: 'tagged' })).text, /<Tags><member><Key>team<\/Key><Value>b<\/Value><\/member><\/Tags>/);
  const many = Object.fromEntries(Array.from({ length: 51 }, (_, index) => [`TagKeys.member.${index + 1}`, `k${index}`]));
  t.is((await query(hostile, 'UntagRole', { RoleName: 'tagged', ...many })).code, 'ValidationError');
  t.is((await query(hostile, 'UntagRole', { RoleName: 'tagged', 'TagKeys.member.1': 'TEAM' })).status, 200);
  t.regex((await query(hostile, 'ListRoleTags', { RoleName: 'tagged' })).text, /<Tags><\/Tags>/);
  await hostile.assertUnharmed(t);
});

test('roles live in the caller\'s account: a 12-digit access key id is the account, in the ARN and on disk', async (t) => {
  const hostile = await startHostileEdge(t);
  const created = await query(hostile, 'CreateRole', { RoleName: 'theirs', AssumeRolePolicyDocument: TRUST }, { accessKey: '111122223333' });
  t.is(created.status, 200, created.text);
  t.regex(created.text, /<Arn>arn:aws:iam::111122223333:role\/theirs<\/Arn>/);
  t.is((await query(hostile, 'GetRole', { RoleName: 'theirs' })).code, 'NoSuchEntity');
  t.is((await query(hostile, 'GetRole', { RoleName: 'theirs' }, { accessKey: '111122223333' })).status, 200);
  t.true(existsSync(join(hostile.stateDir, 'iam', '111122223333', 'roles.json')));
  const identity = await query(hostile, 'GetCallerIdentity', {}, { service: 'sts', accessKey: '111122223333' });
  t.regex(identity.text, /<Account>111122223333<\/Account>/);
  await hostile.assertUnharmed(t);
});

test('roles written by an older version move to the default account; a corrupt roles file does not stop IAM', async (t) => {
  const role = { RoleName: 'old', RoleId: 'AROAAAAAAAAAAAAAAAAAA', Arn: 'arn:aws:iam::000000000000:role/old', Path: '/', CreateDate: '2026-01-01T00:00:00Z', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 3600, Tags: [], InlinePolicies: {}, AttachedPolicies: [] };
  const hostile = await startHostileEdge(t, {}, (stateDir) => {
    mkdirSync(join(stateDir, 'iam', '111122223333'), { recursive: true });
    writeFileSync(join(stateDir, 'iam', 'roles.json'), JSON.stringify([role, { RoleName: 5 }]));
    writeFileSync(join(stateDir, 'iam', '111122223333', 'roles.json'), '[{"RoleName": "broken"');
  });
  t.is((await query(hostile, 'GetRole', { RoleName: 'old' })).status, 200);
  t.is((await query(hostile, 'GetRole', { RoleName: 'broken' }, { accessKey: '111122223333' })).code, 'NoSuchEntity');
  t.is((await query(hostile, 'CreateRole', { RoleName: 'fresh', AssumeRolePolicyDocument: TRUST }, { accessKey: '111122223333' })).status, 200);
  await hostile.assertUnharmed(t);
});

test('an unknown action, a body over 1 MiB and a form of junk are answered in IAM\'s XML', async (t) => {
  const hostile = await startHostileEdge(t);
  const unknown = await query(hostile, 'CreateUser', { UserName: 'u' });
  t.is(unknown.status, 400);
  t.is(unknown.code, 'InvalidAction');
  const large = await query(hostile, 'CreateRole', { RoleName: 'big', AssumeRolePolicyDocument: 'x'.repeat(2 * 1024 * 1024) });
  t.is(large.status, 413);
  const junk = await hostile.send({ method: 'POST', path: '/', body: Buffer.from([0xff, 0xfe, 0x00, 0x26, 0x3d]), headers: { authorization: authorization('iam'), 'content-type': 'application/x-www-form-urlencoded' } });
  t.is(junk.status, 400);
  t.is(junk.code, 'InvalidAction');
  await hostile.assertUnharmed(t);
});

const badPolicies: [string, Record<string, string>, number, string][] = [
  ['a policy name with ../', { PolicyName: '../../pwned', PolicyDocument: POLICY('*') }, 400, 'ValidationError'],
  ['a path of /../ (a legal IAM path, kept only in policies.json)', { PolicyName: 'p', Path: '/../', PolicyDocument: POLICY('*') }, 200, ''],
  ['a path without its trailing slash', { PolicyName: 'p', Path: '/x', PolicyDocument: POLICY('*') }, 400, 'ValidationError'],
  ['a document that is not JSON', { PolicyName: 'p', PolicyDocument: '{"Statement":' }, 400, 'MalformedPolicyDocument'],
  ['a document of 6,145 characters', { PolicyName: 'p', PolicyDocument: POLICY(`arn:aws:s3:::${'b'.repeat(6100)}`) }, 409, 'LimitExceeded'],
];

for (const [what, params, status, code] of badPolicies) {
  test(`CreatePolicy with ${what} answers ${status}${code ? ` ${code}` : ''}, and the endpoint stays up`, async (t) => {
    const hostile = await startHostileEdge(t);
    const answer = await query(hostile, 'CreatePolicy', params);
    t.is(answer.status, status, answer.text);
    if (code) t.is(answer.code, code);
    await hostile.assertUnharmed(t);
  });
}

test('GetPolicy, GetPolicyVersion and AttachRolePolicy with a policy ARN of another account or a hostile version are NoSuchEntity or ValidationError, never read from disk', async (t) => {
  const hostile = await startHostileEdge(t);
  t.is((await query(hostile, 'CreateRole', { RoleName: 'holder', AssumeRolePolicyDocument: TRUST })).status, 200);
  for (const arn of ['arn:aws:iam::111111111111:policy/theirs', 'arn:aws:iam::000000000000:policy/../../etc/passwd', 'not-an-arn-at-all-but-long']) {
    t.is((await query(hostile, 'GetPolicy', { PolicyArn: arn })).code, 'NoSuchEntity', arn);
    t.is((await query(hostile, 'AttachRolePolicy', { RoleName: 'holder', PolicyArn: arn })).status >= 400, true, arn);
  }
  t.is((await query(hostile, 'CreatePolicy', { PolicyName: 'mine', PolicyDocument: POLICY('*') })).status, 200);
  const version = await query(hostile, 'GetPolicyVersion', { PolicyArn: 'arn:aws:iam::000000000000:policy/mine', VersionId: '../v1' });
  t.is(version.code, 'ValidationError');
  await hostile.assertUnharmed(t);
});
