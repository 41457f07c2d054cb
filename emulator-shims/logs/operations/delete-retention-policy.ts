import type { DeleteRetentionPolicyRequest } from '@aws-sdk/client-cloudwatch-logs';
import { LOG_GROUP_NAME, required } from '../validation.js';
import { defineOperation, requireGroup } from './context.js';

export const deleteRetentionPolicy = defineOperation<DeleteRetentionPolicyRequest, Record<string, never>>({
  table: { logGroupName: required(LOG_GROUP_NAME) },
  run(input, context) {
    const group = requireGroup(context, input.logGroupName);
    delete group.retentionInDays;
    context.store.saveGroup(group);
    return {};
  },
});
