import type { ListTagsForResourceRequest, ListTagsForResourceResponse } from '@aws-sdk/client-cloudwatch-logs';
import { invalidParameter } from '../errors.js';
import { defineOperation, groupNameFromIdentifier, requireGroup } from './context.js';
import { RESOURCE_ARN } from './tag-resource.js';

export const listTagsForResource = defineOperation<ListTagsForResourceRequest, ListTagsForResourceResponse>({
  table: { resourceArn: RESOURCE_ARN },
  run(input, context) {
    if (!input.resourceArn!.startsWith('arn:')) throw invalidParameter(`Invalid ARN: ${input.resourceArn!.slice(0, 300)}`);
    return { tags: Object.fromEntries(requireGroup(context, groupNameFromIdentifier(context, input.resourceArn!)).tags) };
  },
});
