import type { DescribeLogGroupsRequest, DescribeLogGroupsResponse } from '@aws-sdk/client-cloudwatch-logs';
import { invalidParameter } from '../errors.js';
import { LOG_GROUP_NAME, NEXT_TOKEN } from '../validation.js';
import { decodeToken, defineOperation, encodeToken } from './context.js';

export const describeLogGroups = defineOperation<DescribeLogGroupsRequest, DescribeLogGroupsResponse>({
  table: {
    logGroupNamePrefix: LOG_GROUP_NAME,
    logGroupNamePattern: { type: 'string', length: [0, 512], pattern: '[\\.\\-_/#A-Za-z0-9]*' },
    limit: { type: 'number', range: [1, 50] },
    nextToken: NEXT_TOKEN,
    includeLinkedAccounts: { type: 'boolean' },
    logGroupClass: { type: 'string', enum: ['STANDARD', 'INFREQUENT_ACCESS', 'DELIVERY'] },
  },
  run(input, context) {
    if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
      throw invalidParameter('LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.');
    }
    const limit = input.limit ?? 50;
    const after = input.nextToken === undefined ? undefined : decodeToken<{ after: string }>(input.nextToken, { after: 'string' }).after;
    const matching = context.store.groups(context.scope).filter((group) => (input.logGroupNamePrefix === undefined || group.name.startsWith(input.logGroupNamePrefix))
      && (input.logGroupNamePattern === undefined || group.name.toLowerCase().includes(input.logGroupNamePattern.toLowerCase()))
      && (input.logGroupClass === undefined || group.logGroupClass === input.logGroupClass)
      && (after === undefined || group.name > after));
    const page = matching.slice(0, limit);
    return {
      logGroups: page.map((group) => ({
        logGroupName: group.name,
        creationTime: group.creationTime,
        ...(group.retentionInDays === undefined ? {} : { retentionInDays: group.retentionInDays }),
        metricFilterCount: 0,
        arn: `${group.arn}:*`,
        logGroupArn: group.arn,
        storedBytes: 0,
        logGroupClass: group.logGroupClass as 'STANDARD',
      })),
      ...(matching.length > limit ? { nextToken: encodeToken({ after: page.at(-1)!.name }) } : {}),
    };
  },
});
