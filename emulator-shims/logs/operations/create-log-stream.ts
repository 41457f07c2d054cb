import type { CreateLogStreamRequest } from '@aws-sdk/client-cloudwatch-logs';
import { resourceAlreadyExists } from '../errors.js';
import { LOG_GROUP_NAME, LOG_STREAM_NAME, required } from '../validation.js';
import { defineOperation, requireGroup } from './context.js';

export const createLogStream = defineOperation<CreateLogStreamRequest, Record<string, never>>({
  table: { logGroupName: required(LOG_GROUP_NAME), logStreamName: required(LOG_STREAM_NAME) },
  run(input, context) {
    const group = requireGroup(context, input.logGroupName);
    if (group.streams.has(input.logStreamName!)) throw resourceAlreadyExists('The specified log stream already exists');
    context.store.createStream(group, input.logStreamName!, context.now());
    return {};
  },
});
