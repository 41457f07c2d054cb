import type { DeleteLogStreamRequest } from '@aws-sdk/client-cloudwatch-logs';
import { LOG_GROUP_NAME, LOG_STREAM_NAME, required } from '../validation.js';
import { defineOperation, requireGroup, requireStream } from './context.js';

export const deleteLogStream = defineOperation<DeleteLogStreamRequest, Record<string, never>>({
  table: { logGroupName: required(LOG_GROUP_NAME), logStreamName: required(LOG_STREAM_NAME) },
  run(input, context) {
    const group = requireGroup(context, input.logGroupName);
    context.store.deleteStream(group, requireStream(group, input.logStreamName));
    return {};
  },
});
