import type { ListTagsLogGroupRequest, ListTagsLogGroupResponse } from '@aws-sdk/client-cloudwatch-logs';
import { LOG_GROUP_NAME, required } from '../validation.js';
import { defineOperation, requireGroup } from './context.js';

export const listTagsLogGroup = defineOperation<ListTagsLogGroupRequest, ListTagsLogGroupResponse>({
  table: { logGroupName: required(LOG_GROUP_NAME) },
  run: (input, context) => ({ tags: Object.fromEntries(requireGroup(context, input.logGroupName).tags) }),
});
