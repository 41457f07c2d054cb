import { randomUUID } from 'node:crypto';
import type { AddPermissionResponse, GetPolicyResponse } from '@aws-sdk/client-lambda';
import { functionArn, partitionOf } from '../arn.js';
import type { Operation } from '../context.js';
import { LambdaError, preconditionFailed } from '../errors.js';
import { checkAddPermission, permissionStatement, withoutStatement, withStatement } from '../function-policy.js';
import { resolveFunction } from '../resolve-function.js';
import { parseJsonBody } from './parse-json.js';

// Only $LATEST exists locally, and it shares the unqualified function's policy.

/** AddPermission: one statement more in the function's resource-based policy; answers it as JSON text. */
export const addPermission: Operation = async (context, request) => {
  const input = checkAddPermission(parseJsonBody(request.body));
  const qualifier = request.query.get('Qualifier');
  const stored = resolveFunction(context, request.scope, request.target, qualifier);
  if (input.RevisionId !== undefined && input.RevisionId !== stored.configuration.RevisionId) throw preconditionFailed();
  const name = stored.configuration.FunctionName!;
  const statement = permissionStatement(input, functionArn(request.scope, name, stored.qualifier), partitionOf(request.scope.region));
  const policy = withStatement(stored.policy, statement);
  const { qualifier: _qualifier, ...record } = stored;
  await context.store.put(request.scope, { ...record, policy, configuration: { ...stored.configuration, RevisionId: randomUUID() } });
  const answer: AddPermissionResponse = { Statement: JSON.stringify(statement) };
  return { status: 201, json: answer };
};

/** RemovePermission: the statement `StatementId` out of the function's policy. */
export const removePermission: Operation = async (context, request) => {
  const stored = resolveFunction(context, request.scope, request.target, request.query.get('Qualifier'));
  const revision = request.query.get('RevisionId');
  if (revision !== null && revision !== stored.configuration.RevisionId) throw preconditionFailed();
  const policy = withoutStatement(stored.policy, request.version ?? '');
  const { qualifier: _qualifier, policy: _old, ...record } = stored;
  await context.store.put(request.scope, { ...record, ...(policy ? { policy } : {}), configuration: { ...stored.configuration, RevisionId: randomUUID() } });
  return { status: 204 };
};

/** GetPolicy: the function's policy as JSON text; a function without one is Lambda's ResourceNotFoundException. */
export const getPolicy: Operation = async (context, request) => {
  const stored = resolveFunction(context, request.scope, request.target, request.query.get('Qualifier'));
  if (stored.policy === undefined) throw new LambdaError('ResourceNotFoundException', 'The resource you requested does not exist.', 404, 'Message');
  const answer: GetPolicyResponse = { Policy: JSON.stringify(stored.policy), RevisionId: stored.configuration.RevisionId! };
  return { status: 200, json: answer };
};
