import type { AddPermissionRequest as AddPermissionCall } from '@aws-sdk/client-lambda';
import { invalidParameterValue, LambdaError, lambdaValidationError } from './errors.js';
import { checkShape, type Shape } from './input-shape.js';

/** AddPermission's body: the call without its path parameter. */
export type AddPermissionRequest = Omit<AddPermissionCall, 'FunctionName' | 'Qualifier'>;

/** A function's resource-based policy as Lambda keeps it: `{"Version","Id":"default","Statement":[…]}`. */
export interface FunctionPolicyDocument {
  Version: '2012-10-17';
  Id: 'default';
  Statement: Array<Record<string, unknown> & { Sid: string }>;
}

// Lambda's limit on a function's policy, in bytes of its JSON text.
const POLICY_LIMIT_BYTES = 20_480;

// The AddPermission members' constraints, from Lambda's API model.
const CONSTRAINTS: Array<{ member: keyof AddPermissionRequest; wire: string; pattern: RegExp; patternText: string; max: number }> = [
  { member: 'StatementId', wire: 'statementId', pattern: /^[a-zA-Z0-9\-_.]+$/, patternText: '([a-zA-Z0-9-_.]+)', max: 100 },
  { member: 'Action', wire: 'action', pattern: /^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/, patternText: '(lambda:[*]|lambda:[a-zA-Z]+|[*])', max: 256 },
  { member: 'Principal', wire: 'principal', pattern: /^[^\s]+$/, patternText: '[^\\s]+', max: 256 },
  { member: 'SourceAccount', wire: 'sourceAccount', pattern: /^\d{12}$/, patternText: '\\d{12}', max: 12 },
  { member: 'SourceArn', wire: 'sourceArn', pattern: /^arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)$/, patternText: 'arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)', max: 1024 },
  { member: 'EventSourceToken', wire: 'eventSourceToken', pattern: /^[a-zA-Z0-9._-]+$/, patternText: '[a-zA-Z0-9._\\-]+', max: 256 },
  { member: 'PrincipalOrgID', wire: 'principalOrgID', pattern: /^o-[a-z0-9]{10,32}$/, patternText: '^o-[a-z0-9]{10,32}$', max: 34 },
];

const ADD_PERMISSION_SHAPE: Shape = {
  name: 'AddPermissionRequest',
  struct: Object.fromEntries(['StatementId', 'Action', 'Principal', 'SourceArn', 'SourceAccount', 'EventSourceToken', 'RevisionId', 'PrincipalOrgID', 'FunctionUrlAuthType'].map((name) => [name, 'string' as const])),
};

/** Pure: AddPermission's body checked as Lambda checks it (types, then every constraint, in one ValidationException). */
export function checkAddPermission(body: unknown): AddPermissionRequest {
  const input = checkShape<Record<string, string | undefined>>(body, ADD_PERMISSION_SHAPE);
  const problems: string[] = [];
  for (const { member, wire, pattern, patternText, max } of CONSTRAINTS) {
    const value = input[member];
    if (value === undefined) {
      if (member === 'StatementId' || member === 'Action' || member === 'Principal') problems.push(`Value null at '${wire}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    if (value.length > max) problems.push(`Value '${value.slice(0, 200)}' at '${wire}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
    else if (!pattern.test(value)) problems.push(`Value '${value.slice(0, 200)}' at '${wire}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${patternText}`);
  }
  if (input.FunctionUrlAuthType !== undefined && !['NONE', 'AWS_IAM'].includes(input.FunctionUrlAuthType)) {
    problems.push(`Value '${input.FunctionUrlAuthType.slice(0, 200)}' at 'functionUrlAuthType' failed to satisfy constraint: Member must satisfy enum value set: [NONE, AWS_IAM]`);
  }
  if (problems.length > 0) throw lambdaValidationError(problems);
  return input as unknown as AddPermissionRequest;
}

/**
 * Pure: the statement AddPermission adds, as Lambda writes it: the principal as a service, an account's
 * root or an ARN; the function (qualified when the call was) as the resource; SourceArn, SourceAccount,
 * PrincipalOrgID, EventSourceToken and FunctionUrlAuthType as conditions.
 */
export function permissionStatement(input: AddPermissionRequest, resourceArn: string, partition: string): Record<string, unknown> & { Sid: string } {
  const condition: Record<string, Record<string, string>> = {};
  const add = (operator: string, key: string, value: string | undefined): void => {
    if (value !== undefined) condition[operator] = { ...condition[operator], [key]: value };
  };
  add('StringEquals', 'AWS:SourceAccount', input.SourceAccount);
  add('StringEquals', 'aws:PrincipalOrgID', input.PrincipalOrgID);
  add('StringEquals', 'lambda:EventSourceToken', input.EventSourceToken);
  add('StringEquals', 'lambda:FunctionUrlAuthType', input.FunctionUrlAuthType);
  add('ArnLike', 'AWS:SourceArn', input.SourceArn);
  return {
    Sid: input.StatementId!,
    Effect: 'Allow',
    Principal: principalOf(input.Principal!, partition),
    Action: input.Action!,
    Resource: resourceArn,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}

/** Pure: AddPermission's principal in policy form; anything Lambda would not take is its InvalidParameterValueException. */
export function principalOf(principal: string, partition: string): string | Record<string, string> {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:${partition}:iam::${principal}:root` };
  if (/^arn:aws[a-z-]*:(iam|sts)::\d{12}:[^\s]+$/.test(principal)) return { AWS: principal };
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/.test(principal)) return { Service: principal };
  throw invalidParameterValue('The provided principal was invalid. Please check the principal and try again.');
}

/** Pure: the policy with one more statement; a Sid already there is Lambda's ResourceConflictException. */
export function withStatement(policy: FunctionPolicyDocument | undefined, statement: FunctionPolicyDocument['Statement'][number]): FunctionPolicyDocument {
  const current = policy ?? { Version: '2012-10-17', Id: 'default', Statement: [] };
  if (current.Statement.some((existing) => existing.Sid === statement.Sid)) {
    throw new LambdaError('ResourceConflictException', 'The statement id (sid) provided already exists. Please provide a new statement id, or remove the existing statement.', 409);
  }
  const next: FunctionPolicyDocument = { ...current, Statement: [...current.Statement, statement] };
  const size = Buffer.byteLength(JSON.stringify(next));
  if (size > POLICY_LIMIT_BYTES) {
    throw new LambdaError('PolicyLengthExceededException', `The final policy size (${size}) is bigger than the limit (${POLICY_LIMIT_BYTES}).`, 400);
  }
  return next;
}

/** Pure: the policy without the statement `sid` (undefined once none is left); an unknown Sid is ResourceNotFoundException. */
export function withoutStatement(policy: FunctionPolicyDocument | undefined, sid: string): FunctionPolicyDocument | undefined {
  const statements = policy?.Statement ?? [];
  if (!statements.some((statement) => statement.Sid === sid)) {
    throw new LambdaError('ResourceNotFoundException', `Statement ${sid.slice(0, 200)} is not found in resource policy.`, 404, 'Message');
  }
  const remaining = statements.filter((statement) => statement.Sid !== sid);
  return remaining.length === 0 ? undefined : { ...policy!, Statement: remaining };
}
