import type { UntagResourceRequest } from '@aws-sdk/client-cloudwatch-logs';
import { invalidParameter } from '../errors.js';
import { defineOperation, groupNameFromIdentifier, requireGroup } from './context.js';
import { RESOURCE_ARN } from './tag-resource.js';

export const untagResource = defineOperation<UntagResourceRequest, Record<string, never>>({
  table: { resourceArn: RESOURCE_ARN, tagKeys: { required: true, type: 'list', length: [0, 50] }, 'tagKeys[]': { required: true, type: 'string', length: [1, 128] } },
  run(input, context) {
    if (!input.resourceArn!.startsWith('arn:')) throw invalidParameter(`Invalid ARN: ${input.resourceArn!.slice(0, 300)}`);
    const group = requireGroup(context, groupNameFromIdentifier(context, input.resourceArn!));
    for (const key of input.tagKeys!) group.tags.delete(key);
    context.store.saveGroup(group);
    return {};
  },
});
