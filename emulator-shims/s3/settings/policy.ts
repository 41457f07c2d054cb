/** A bucket policy, checked against the policy grammar the way S3 checks it (`MalformedPolicy`). */
import { malformedPolicy } from '../errors.js';

const MAX_POLICY_BYTES = 20 * 1024;
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);

/** Pure: `text` when it is a valid policy for `bucket`; S3's MalformedPolicy naming what is wrong otherwise. */
export function checkBucketPolicy(text: string, bucket: string): string {
  if (Buffer.byteLength(text) > MAX_POLICY_BYTES) throw malformedPolicy(`Policy exceeds the maximum allowed document size of ${MAX_POLICY_BYTES} bytes`);
  let document: unknown;
  try {
    if (!text.trimStart().startsWith('{')) throw new Error('not an object');
    document = JSON.parse(text);
  } catch {
    throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  }
  const policy = document as Record<string, unknown>;
  if (policy.Version !== undefined && !VERSIONS.has(String(policy.Version))) throw malformedPolicy('The policy must contain a valid version string');
  const statements = Array.isArray(policy.Statement) ? policy.Statement : policy.Statement === undefined ? [] : [policy.Statement];
  if (statements.length === 0) throw malformedPolicy('Missing required field Statement');
  for (const statement of statements) checkStatement(statement, bucket);
  return text;
}

function checkStatement(value: unknown, bucket: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformedPolicy('Statement is not well-formed');
  const statement = value as Record<string, unknown>;
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
    throw malformedPolicy(statement.Effect === undefined ? 'Missing required field Effect' : `Invalid effect: ${String(statement.Effect).slice(0, 64)}`);
  }
  if (statement.Principal === undefined && statement.NotPrincipal === undefined) throw malformedPolicy('Missing required field Principal');
  const actions = strings(statement.Action ?? statement.NotAction, 'Action');
  if (actions.length === 0) throw malformedPolicy('Missing required field Action');
  for (const action of actions) if (action !== '*' && !/^s3:[A-Za-z*?]+$/.test(action)) throw malformedPolicy('Policy has invalid action');
  const resources = strings(statement.Resource ?? statement.NotResource, 'Resource');
  if (resources.length === 0) throw malformedPolicy('Missing required field Resource');
  for (const resource of resources) {
    const match = /^arn:aws(?:-[a-z-]+)?:s3:::([^/]+)(\/.*)?$/.exec(resource);
    if (match?.[1] !== bucket) throw malformedPolicy('Policy has invalid resource');
  }
  if (statement.Condition !== undefined && (typeof statement.Condition !== 'object' || statement.Condition === null || Array.isArray(statement.Condition))) {
    throw malformedPolicy('Invalid Condition');
  }
}

function strings(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  if (list.some((entry) => typeof entry !== 'string')) throw malformedPolicy(`${field} must be a string or a list of strings`);
  return list as string[];
}
