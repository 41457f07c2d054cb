import { ask, member, partitionOf, type RequestMapper } from './request-line.js';

const ACCOUNT_LEVEL = new Set(['DescribeLogGroups']);
// Operations on one log stream: evaluated on `log-group:<group>:log-stream:<stream>`, which the usual
// `log-group:<group>:*` grants match, as on AWS.
const STREAM_LEVEL = new Set(['CreateLogStream', 'DeleteLogStream', 'PutLogEvents', 'GetLogEvents']);

/** CloudWatch Logs operations → `logs:<Operation>` on the log group (`…:log-group:<name>:*`) or log stream ARN. */
export const logsRequests: RequestMapper = ({ operation, body, scope }) => {
  const action = `logs:${operation}`;
  const base = `arn:${partitionOf(scope.region)}:logs:${scope.region}:${scope.accountId}`;
  if (ACCOUNT_LEVEL.has(operation)) return [ask(action, `${base}:log-group:*`, scope)];
  const resourceArn = member(body, 'resourceArn') ?? member(body, 'resourceARN');
  if (resourceArn) return [ask(action, resourceArn, scope)];
  const group = member(body, 'logGroupName') ?? member(body, 'logGroupIdentifier');
  if (group === undefined) return undefined;
  const stream = member(body, 'logStreamName');
  if (STREAM_LEVEL.has(operation) && stream !== undefined) return [ask(action, `${base}:log-group:${group}:log-stream:${stream}`, scope)];
  return [ask(action, `${base}:log-group:${group}:*`, scope)];
};
