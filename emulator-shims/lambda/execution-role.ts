import type { Scope } from '../shared/index.js';
import type { LambdaContext } from './context.js';
import { roleCannotBeAssumed } from './errors.js';

/**
 * Refuses a function's execution role that Lambda could not assume, as Lambda does at CreateFunction and
 * UpdateFunctionConfiguration: the role must exist and trust `lambda.amazonaws.com` (with the function's
 * account and ARN as `aws:SourceAccount` / `aws:SourceArn`, for trust policies that guard against the confused deputy).
 */
export async function checkExecutionRole(context: LambdaContext, scope: Scope, roleArn: string, functionName: string): Promise<void> {
  if (!context.roles?.enforce) return;
  const partition = roleArn.split(':')[1] ?? 'aws';
  const sourceArn = `arn:${partition}:lambda:${scope.region}:${scope.accountId}:function:${functionName}`;
  const trusted = await context.roles.serviceCanAssume(roleArn, 'lambda.amazonaws.com', { 'aws:SourceAccount': scope.accountId, 'aws:SourceArn': sourceArn });
  if (!trusted) throw roleCannotBeAssumed();
}
