import type { DeleteLogGroupRequest } from '@aws-sdk/client-cloudwatch-logs';
import { LOG_GROUP_NAME, required } from '../validation.js';
import { defineOperation, requireGroup } from './context.js';

export const deleteLogGroup = defineOperation<DeleteLogGroupRequest, Record<string, never>>({
  table: { logGroupName: required(LOG_GROUP_NAME) },
  run(input, context) {
    context.store.deleteGroup(requireGroup(context, input.logGroupName));
    return {};
  },
});
