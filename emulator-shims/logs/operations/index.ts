import type { LogsOperation } from './context.js';
import { createLogGroup } from './create-log-group.js';
import { createLogStream } from './create-log-stream.js';
import { deleteLogGroup } from './delete-log-group.js';
import { deleteLogStream } from './delete-log-stream.js';
import { deleteRetentionPolicy } from './delete-retention-policy.js';
import { describeLogGroups } from './describe-log-groups.js';
import { describeLogStreams } from './describe-log-streams.js';
import { filterLogEvents } from './filter-log-events.js';
import { getLogEvents } from './get-log-events.js';
import { listTagsForResource } from './list-tags-for-resource.js';
import { listTagsLogGroup } from './list-tags-log-group.js';
import { putLogEvents } from './put-log-events.js';
import { putRetentionPolicy } from './put-retention-policy.js';
import { tagResource } from './tag-resource.js';
import { untagResource } from './untag-resource.js';

/** The operations hosepipe's CloudWatch Logs answers, by their `X-Amz-Target` name. */
export const OPERATIONS: ReadonlyMap<string, LogsOperation<never, unknown>> = new Map<string, LogsOperation<never, unknown>>([
  ['CreateLogGroup', createLogGroup],
  ['DeleteLogGroup', deleteLogGroup],
  ['DescribeLogGroups', describeLogGroups],
  ['PutRetentionPolicy', putRetentionPolicy],
  ['DeleteRetentionPolicy', deleteRetentionPolicy],
  ['TagResource', tagResource],
  ['UntagResource', untagResource],
  ['ListTagsForResource', listTagsForResource],
  ['ListTagsLogGroup', listTagsLogGroup],
  ['CreateLogStream', createLogStream],
  ['DeleteLogStream', deleteLogStream],
  ['DescribeLogStreams', describeLogStreams],
  ['PutLogEvents', putLogEvents],
  ['GetLogEvents', getLogEvents],
  ['FilterLogEvents', filterLogEvents],
]);

export type { LogsContext, LogsOperation } from './context.js';
