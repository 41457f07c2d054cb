import type { PutRetentionPolicyRequest } from '@aws-sdk/client-cloudwatch-logs';
import { invalidParameter, RETENTION_DAYS } from '../errors.js';
import { LOG_GROUP_NAME, required } from '../validation.js';
import { defineOperation, requireGroup } from './context.js';

export const putRetentionPolicy = defineOperation<PutRetentionPolicyRequest, Record<string, never>>({
  table: { logGroupName: required(LOG_GROUP_NAME), retentionInDays: { required: true, type: 'number' } },
  run(input, context) {
    const group = requireGroup(context, input.logGroupName);
    if (!RETENTION_DAYS.includes(input.retentionInDays!)) {
      throw invalidParameter(`1 validation error detected: Value '${String(input.retentionInDays)}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`);
    }
    group.retentionInDays = input.retentionInDays!;
    context.store.saveGroup(group);
    // What the new period no longer keeps goes now (AWS takes up to 72 hours; nothing relies on the delay).
    context.store.sweep();
    return {};
  },
});
