import type {
  CreateLogGroupRequest, DeleteLogGroupRequest, DeleteRetentionPolicyRequest, DescribeLogGroupsRequest, DescribeLogGroupsResponse,
  ListTagsForResourceRequest, ListTagsLogGroupRequest, PutRetentionPolicyRequest, TagResourceRequest, UntagResourceRequest,
} from '@aws-sdk/client-cloudwatch-logs';
import type { Scope } from '../../shared/index.js';
import { checkLogGroupName, invalidParameter, resourceAlreadyExists, resourceNotFound, RETENTION_DAYS } from '../errors.js';
import type { LogGroup, LogsStore } from '../store.js';

export interface LogsContext {
  store: LogsStore;
  scope: Scope;
  now: () => number;
}

export function groupArn(scope: Scope, name: string): string {
  return `arn:aws:logs:${scope.region}:${scope.accountId}:log-group:${name}`;
}

export function requireGroup(context: LogsContext, name: unknown): LogGroup {
  const group = context.store.groups.get(checkLogGroupName(name));
  if (!group) throw resourceNotFound('The specified log group does not exist.');
  return group;
}

export function createLogGroup(context: LogsContext, input: CreateLogGroupRequest): Record<string, never> {
  const name = checkLogGroupName(input.logGroupName);
  if (context.store.groups.has(name)) throw resourceAlreadyExists('The specified log group already exists');
  context.store.groups.set(name, { name, arn: groupArn(context.scope, name), creationTime: context.now(), tags: { ...input.tags }, streams: {} });
  context.store.save();
  return {};
}

export function deleteLogGroup(context: LogsContext, input: DeleteLogGroupRequest): Record<string, never> {
  requireGroup(context, input.logGroupName);
  context.store.groups.delete(input.logGroupName!);
  context.store.save();
  return {};
}

export function describeLogGroups(context: LogsContext, input: DescribeLogGroupsRequest): DescribeLogGroupsResponse {
  const limit = input.limit ?? 50;
  const names = [...context.store.groups.keys()].sort().filter((name) => !input.logGroupNamePrefix || name.startsWith(input.logGroupNamePrefix));
  const start = input.nextToken ? names.indexOf(input.nextToken) : 0;
  const page = names.slice(Math.max(start, 0), Math.max(start, 0) + limit);
  const next = names[Math.max(start, 0) + limit];
  return {
    logGroups: page.map((name) => {
      const group = context.store.groups.get(name)!;
      return {
        logGroupName: group.name,
        creationTime: group.creationTime,
        ...(group.retentionInDays ? { retentionInDays: group.retentionInDays } : {}),
        metricFilterCount: 0,
        arn: `${group.arn}:*`,
        logGroupArn: group.arn,
        storedBytes: 0,
        logGroupClass: 'STANDARD',
      };
    }),
    ...(next ? { nextToken: next } : {}),
  };
}

export function putRetentionPolicy(context: LogsContext, input: PutRetentionPolicyRequest): Record<string, never> {
  const group = requireGroup(context, input.logGroupName);
  if (!RETENTION_DAYS.includes(input.retentionInDays ?? -1)) {
    throw invalidParameter(`1 validation error detected: Value '${String(input.retentionInDays)}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`);
  }
  group.retentionInDays = input.retentionInDays;
  context.store.save();
  return {};
}

export function deleteRetentionPolicy(context: LogsContext, input: DeleteRetentionPolicyRequest): Record<string, never> {
  delete requireGroup(context, input.logGroupName).retentionInDays;
  context.store.save();
  return {};
}

function groupFromArn(context: LogsContext, arn: unknown): LogGroup {
  const name = typeof arn === 'string' ? /:log-group:([^:]+)(:\*)?$/.exec(arn)?.[1] : undefined;
  if (!name) throw invalidParameter(`Invalid resourceArn: ${String(arn)}`);
  return requireGroup(context, name);
}

export function tagResource(context: LogsContext, input: TagResourceRequest): Record<string, never> {
  Object.assign(groupFromArn(context, input.resourceArn).tags, input.tags);
  context.store.save();
  return {};
}

export function untagResource(context: LogsContext, input: UntagResourceRequest): Record<string, never> {
  const group = groupFromArn(context, input.resourceArn);
  for (const key of input.tagKeys ?? []) delete group.tags[key];
  context.store.save();
  return {};
}

export function listTagsForResource(context: LogsContext, input: ListTagsForResourceRequest) {
  return { tags: { ...groupFromArn(context, input.resourceArn).tags } };
}

export function listTagsLogGroup(context: LogsContext, input: ListTagsLogGroupRequest) {
  return { tags: { ...requireGroup(context, input.logGroupName).tags } };
}
