import type { CreateLogGroupRequest } from '@aws-sdk/client-cloudwatch-logs';
import { invalidParameter, resourceAlreadyExists } from '../errors.js';
import { checkTags, LOG_GROUP_NAME, required } from '../validation.js';
import { defineOperation } from './context.js';

export const createLogGroup = defineOperation<CreateLogGroupRequest, Record<string, never>>({
  table: {
    logGroupName: required(LOG_GROUP_NAME),
    kmsKeyId: { type: 'string', length: [0, 256] },
    logGroupClass: { type: 'string', enum: ['STANDARD', 'INFREQUENT_ACCESS', 'DELIVERY'] },
  },
  run(input, context) {
    const name = input.logGroupName!;
    // UNCONFIRMED wording: CloudWatch Logs reserves names that start with aws/.
    if (name.startsWith('aws/')) throw invalidParameter('Log group names cannot start with "aws/".');
    const tags = checkTags(input.tags) ?? new Map<string, string>();
    if (context.store.group(context.scope, name)) throw resourceAlreadyExists('The specified log group already exists');
    context.store.createGroup(context.scope, name, { tags, logGroupClass: input.logGroupClass ?? 'STANDARD' }, context.now());
    return {};
  },
});
