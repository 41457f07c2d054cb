/**
 * Pure: a browser-form POST upload's policy, as S3 checks it: the form must carry a policy and a
 * signature (an HTML form of any web page carries neither), the policy must not be expired, and every
 * form field must be allowed by a condition that holds.
 */
import { AwsError } from '../shared/index.js';
import { accessDenied, invalidArgument } from './errors.js';

// Form fields no condition needs to name.
const EXEMPT = new Set(['policy', 'x-amz-signature', 'signature', 'awsaccesskeyid', 'file', 'x-amz-checksum-algorithm']);

export interface PostPolicy {
  /** `[min, max]` from a content-length-range condition, checked once the file is in. */
  contentLength?: [number, number];
}

/** Checks the form's fields against its policy before any byte of the file is kept. */
export function checkPostPolicy(fields: ReadonlyMap<string, string>, bucket: string, nowMs: number): PostPolicy {
  const encoded = fields.get('policy');
  const signed = fields.has('x-amz-signature') || fields.has('signature');
  if (encoded === undefined && !signed) throw accessDenied('Access Denied');
  if (encoded === undefined) throw mustContain('policy');
  if (!signed) throw mustContain(fields.has('awsaccesskeyid') ? 'signature' : 'x-amz-signature');
  if (fields.has('x-amz-signature')) for (const name of ['x-amz-algorithm', 'x-amz-credential', 'x-amz-date']) if (!fields.has(name)) throw mustContain(name);
  if (!fields.has('key')) throw mustContain('key');
  let policy: { expiration?: unknown; conditions?: unknown };
  try {
    policy = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as typeof policy;
  } catch {
    throw invalidPolicy('Invalid Policy: Invalid JSON.');
  }
  if (typeof policy !== 'object' || policy === null) throw invalidPolicy('Invalid Policy: Invalid JSON.');
  const expiration = typeof policy.expiration === 'string' ? Date.parse(policy.expiration) : Number.NaN;
  if (!Number.isFinite(expiration)) throw invalidPolicy('Invalid Policy: Invalid \'expiration\' value.');
  if (expiration < nowMs) throw accessDenied('Invalid according to Policy: Policy expired.');
  if (!Array.isArray(policy.conditions)) throw invalidPolicy('Invalid Policy: Missing \'conditions\' field.');
  const values = new Map(fields);
  values.set('bucket', bucket);
  const covered = new Set<string>();
  const result: PostPolicy = {};
  for (const condition of policy.conditions as unknown[]) {
    if (Array.isArray(condition)) {
      const [operator, field, value] = condition as unknown[];
      if (operator === 'content-length-range') {
        if (typeof field !== 'number' || typeof value !== 'number') throw invalidPolicy('Invalid Policy: Invalid content-length-range condition.');
        result.contentLength = [field, value];
        continue;
      }
      if ((operator !== 'eq' && operator !== 'starts-with') || typeof field !== 'string' || !field.startsWith('$') || typeof value !== 'string') {
        throw invalidPolicy(`Invalid Policy: Invalid Condition: ${JSON.stringify(condition).slice(0, 200)}`);
      }
      const name = field.slice(1).toLowerCase();
      const actual = values.get(name) ?? '';
      const holds = operator === 'eq' ? actual === value : actual.startsWith(value);
      if (!holds) throw accessDenied(`Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition).slice(0, 200)}`);
      covered.add(name);
    } else if (typeof condition === 'object' && condition !== null) {
      for (const [field, value] of Object.entries(condition)) {
        const name = field.toLowerCase();
        if (typeof value !== 'string' || (values.get(name) ?? '') !== value) {
          throw accessDenied(`Invalid according to Policy: Policy Condition failed: ["eq", "$${field}", ${JSON.stringify(value)}]`.slice(0, 300));
        }
        covered.add(name);
      }
    } else {
      throw invalidPolicy('Invalid Policy: Invalid Condition.');
    }
  }
  if (!covered.has('bucket')) throw accessDenied('Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", ""]');
  const extra = [...fields.keys()].filter((name) => !EXEMPT.has(name) && !name.startsWith('x-ignore-') && !covered.has(name));
  if (extra.length > 0) throw accessDenied(`Invalid according to Policy: Extra input fields: ${extra.join(', ').slice(0, 200)}`);
  return result;
}

function mustContain(field: string): AwsError {
  return invalidArgument(`Bucket POST must contain a field named '${field}'.  If it is specified, please check the order of the fields.`, field, '');
}

function invalidPolicy(message: string): AwsError {
  return new AwsError('InvalidPolicyDocument', message, 400);
}
