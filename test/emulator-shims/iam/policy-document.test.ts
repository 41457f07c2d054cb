import test from 'ava';
import { validatePolicyDocument, type PolicyKind } from '../../../emulator-shims/iam/index.js';

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'firehose.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const identity = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: ['s3:PutObject', 'kinesis:Get*'], Resource: '*' } });

test('a firehose trust policy and an S3 identity policy are accepted', (t) => {
  t.notThrows(() => validatePolicyDocument(trust, 'trust'));
  t.notThrows(() => validatePolicyDocument(identity, 'identity'));
});

const malformed = test.macro({
  exec(t, document: string, kind: PolicyKind, message: RegExp) {
    const error = t.throws(() => validatePolicyDocument(document, kind));
    t.is((error as { code?: string }).code, 'MalformedPolicyDocument');
    t.regex(error.message, message);
  },
  title: (provided = '', _d, kind: PolicyKind) => `a ${kind} policy ${provided} is MalformedPolicyDocument`,
});

test('that is not JSON', malformed, '{', 'trust', /invalid Json/);
test('without Statement', malformed, '{"Version":"2012-10-17"}', 'identity', /Missing required field Statement/);
test('without Effect', malformed, '{"Statement":[{"Action":"s3:*","Resource":"*"}]}', 'identity', /Missing required field Effect/);
test('with Effect Maybe', malformed, '{"Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}', 'identity', /Invalid effect/);
test('with an action lacking a vendor', malformed, '{"Statement":[{"Effect":"Allow","Action":"PutObject","Resource":"*"}]}', 'identity', /prefaced by a vendor/);
test('naming a principal', malformed, '{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Principal":"*"}]}', 'identity', /should not specify a principal/);
test('without resources', malformed, '{"Statement":[{"Effect":"Allow","Action":"s3:*"}]}', 'identity', /must contain resources/);
test('without a principal', malformed, '{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}', 'trust', /Missing required field Principal/);
test('with a resource', malformed, '{"Statement":[{"Effect":"Allow","Principal":{"Service":"x"},"Action":"sts:AssumeRole","Resource":"*"}]}', 'trust', /prohibited field Resource/);
test('with an unknown version', malformed, '{"Version":"2020-01-01","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}', 'trust', /legacy parsing/);
