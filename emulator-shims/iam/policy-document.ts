import { validateIdentityPolicy, validateTrustPolicy } from '@cloud-copilot/iam-policy';
import { malformedPolicy } from './errors.js';

/** A trust policy (who may assume the role) names principals; an identity policy names resources. */
export type PolicyKind = 'trust' | 'identity';

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_FIELDS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const ACTION = /^(\*|[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+)$/;

/**
 * Pure: checks a policy document against the IAM JSON policy grammar and throws
 * MalformedPolicyDocument with IAM's wording; the evaluator's own checks follow (their wording is theirs).
 */
export function validatePolicyDocument(text: string, kind: PolicyKind): void {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw malformedPolicy('This policy contains invalid Json');
  }
  if (!document || typeof document !== 'object' || Array.isArray(document)) throw malformedPolicy('This policy contains invalid Json');
  const policy = document as Record<string, unknown>;
  for (const key of Object.keys(policy)) if (!TOP_LEVEL.has(key)) throw malformedPolicy(`Syntax errors in policy.`);
  if (policy.Version !== undefined && !VERSIONS.has(String(policy.Version))) throw malformedPolicy('The policy failed legacy parsing');
  if (policy.Statement === undefined) throw malformedPolicy('Missing required field Statement');
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  if (statements.length === 0) throw malformedPolicy('Syntax errors in policy.');
  for (const statement of statements) checkStatement(statement, kind);
  // Then the grammar the evaluator reads (condition operators, ARNs, principals): what it could not read is refused now, not at evaluation.
  const problems = kind === 'trust' ? validateTrustPolicy(document) : validateIdentityPolicy(document);
  if (problems.length > 0) throw malformedPolicy(`${problems[0]!.message} (at ${problems[0]!.path})`);
}

function checkStatement(statement: unknown, kind: PolicyKind): void {
  if (!statement || typeof statement !== 'object' || Array.isArray(statement)) throw malformedPolicy('Syntax errors in policy.');
  const fields = statement as Record<string, unknown>;
  for (const key of Object.keys(fields)) if (!STATEMENT_FIELDS.has(key)) throw malformedPolicy(`Syntax errors in policy.`);
  if (fields.Effect === undefined) throw malformedPolicy('Missing required field Effect');
  if (fields.Effect !== 'Allow' && fields.Effect !== 'Deny') throw malformedPolicy(`Invalid effect: ${String(fields.Effect)}`);
  const actions = fields.Action ?? fields.NotAction;
  if (actions === undefined) throw malformedPolicy('Missing required field Action');
  if (fields.Action !== undefined && fields.NotAction !== undefined) throw malformedPolicy('Syntax errors in policy.');
  const list = Array.isArray(actions) ? actions : [actions];
  if (list.length === 0 || list.some((action) => typeof action !== 'string' || !ACTION.test(action))) {
    throw malformedPolicy('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
  }
  if (kind === 'identity') {
    if (fields.Principal !== undefined || fields.NotPrincipal !== undefined) throw malformedPolicy('Policy document should not specify a principal.');
    if (fields.Resource === undefined && fields.NotResource === undefined) throw malformedPolicy('Policy statement must contain resources.');
  } else {
    if (fields.Principal === undefined && fields.NotPrincipal === undefined) throw malformedPolicy('Missing required field Principal');
    if (fields.Resource !== undefined) throw malformedPolicy('Has prohibited field Resource');
    checkPrincipal(fields.Principal ?? fields.NotPrincipal);
  }
  if (fields.Condition !== undefined && (typeof fields.Condition !== 'object' || fields.Condition === null || Array.isArray(fields.Condition))) {
    throw malformedPolicy('Syntax errors in policy.');
  }
  for (const operator of Object.keys((fields.Condition as Record<string, unknown> | undefined) ?? {})) {
    if (!CONDITION_OPERATOR.test(operator)) throw malformedPolicy(`Syntax errors in policy. Unknown condition operator: ${operator.slice(0, 64)}`);
  }
}

// IAM's condition operators, with the IfExists suffix and the ForAnyValue/ForAllValues set prefixes.
const CONDITION_OPERATOR = new RegExp(
  '^(ForAnyValue:|ForAllValues:)?(StringEquals|StringNotEquals|StringEqualsIgnoreCase|StringNotEqualsIgnoreCase|StringLike|StringNotLike'
  + '|NumericEquals|NumericNotEquals|NumericLessThan|NumericLessThanEquals|NumericGreaterThan|NumericGreaterThanEquals'
  + '|DateEquals|DateNotEquals|DateLessThan|DateLessThanEquals|DateGreaterThan|DateGreaterThanEquals|Bool|BinaryEquals'
  + '|IpAddress|NotIpAddress|ArnEquals|ArnLike|ArnNotEquals|ArnNotLike)(IfExists)?$|^Null$',
);
// An AWS principal: `*`, an account id, or an IAM / STS ARN.
const AWS_PRINCIPAL = /^(\*|\d{12}|arn:aws[a-z-]*:(iam|sts)::\d{12}:[\x21-\x7e]+)$/;

function checkPrincipal(principal: unknown): void {
  if (principal === '*') return;
  if (!principal || typeof principal !== 'object' || Array.isArray(principal)) throw malformedPolicy('Invalid principal in policy');
  for (const [type, value] of Object.entries(principal)) {
    if (!['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(type)) throw malformedPolicy(`Invalid principal in policy: ${type}`);
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0 || values.some((entry) => typeof entry !== 'string' || entry.length === 0)) throw malformedPolicy('Invalid principal in policy');
    const bad = type === 'AWS' ? values.find((entry) => !AWS_PRINCIPAL.test(entry as string)) : undefined;
    if (bad !== undefined) throw malformedPolicy(`Invalid principal in policy: "AWS":"${String(bad).slice(0, 256)}"`);
  }
}
