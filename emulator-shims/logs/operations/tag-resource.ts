import type { TagResourceRequest } from '@aws-sdk/client-cloudwatch-logs';
import { invalidParameter } from '../errors.js';
import { checkTags } from '../validation.js';
import { defineOperation, groupNameFromIdentifier, requireGroup } from './context.js';

export const RESOURCE_ARN = { required: true, type: 'string', length: [1, 1011], pattern: '[\\w+=/:,.@-]*' } as const;

export const tagResource = defineOperation<TagResourceRequest, Record<string, never>>({
  table: { resourceArn: RESOURCE_ARN },
  run(input, context) {
    if (!input.resourceArn!.startsWith('arn:')) throw invalidParameter(`Invalid ARN: ${input.resourceArn!.slice(0, 300)}`);
    const group = requireGroup(context, groupNameFromIdentifier(context, input.resourceArn!));
    const tags = checkTags(input.tags) ?? new Map<string, string>();
    const merged = new Map([...group.tags, ...tags]);
    if (merged.size > 50) throw invalidParameter('A resource can have no more than 50 tags.');
    group.tags = merged;
    context.store.saveGroup(group);
    return {};
  },
});
