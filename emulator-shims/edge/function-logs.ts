import type { Authorizer } from '../iam/index.js';
import type { LambdaService } from '../lambda/index.js';
import type { LogsService } from '../logs/index.js';
import type { AuthorizationRequest, Scope } from '../shared/index.js';

/**
 * Where a function's output goes: its CloudWatch log group, one event per line, written as its
 * execution role as Lambda does. With IAM enforced, lines reach CloudWatch Logs only when the role may
 * logs:CreateLogGroup / logs:CreateLogStream (for what is missing) and logs:PutLogEvents; otherwise they
 * are not kept there (the function runs on, as on AWS) and the denial is reported. Appends stay in order.
 */
export function functionLogWriter(logs: LogsService, authorizer: Authorizer, lambda: () => LambdaService | undefined) {
  let chain: Promise<void> = Promise.resolve();
  return (functionName: string, streamName: string, text: string, scope: Scope): void => {
    const group = `/aws/lambda/${functionName}`;
    const lines = text.split('\n').filter((line) => line.length > 0);
    const write = () => logs.append(group, streamName, lines, { scope });
    const role = authorizer.enforce ? lambda()?.executionRole(scope, functionName) : undefined;
    const principal = role === undefined ? undefined : authorizer.sessionPrincipal(role, functionName);
    if (principal === undefined) return write();
    const asks = logRequests(scope, group, streamName, logs.missing(group, streamName, scope));
    chain = chain.then(async () => {
      for (const asked of asks) if ((await authorizer.decide(principal, asked)) !== undefined) return;
      write();
    }).catch(() => undefined);
  };
}

/** Pure: what Lambda asks CloudWatch Logs for, as the function's role, to write one batch of lines. */
export function logRequests(scope: Scope, group: string, stream: string, missing: 'group' | 'stream' | undefined): AuthorizationRequest[] {
  const groupArn = `arn:aws:logs:${scope.region}:${scope.accountId}:log-group:${group}`;
  const streamArn = `${groupArn}:log-stream:${stream}`;
  const ask = (action: string, resource: string): AuthorizationRequest => ({ action, resource, region: scope.region });
  return [
    ...(missing === 'group' ? [ask('logs:CreateLogGroup', `${groupArn}:*`)] : []),
    ...(missing === undefined ? [] : [ask('logs:CreateLogStream', streamArn)]),
    ask('logs:PutLogEvents', streamArn),
  ];
}
