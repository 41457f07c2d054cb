import { CreateLogGroupCommand, CreateLogStreamCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateRoleCommand, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import type { DesiredPipeline, DesiredRole } from './desired.js';
import type { Change } from './plan.js';
import type { Target } from './target.js';

export async function applyRole(target: Target, desired: DesiredPipeline, role: DesiredRole, change: Change): Promise<void> {
  const { iam } = target.clients;
  if (change.action === 'create') {
    await iam.send(new CreateRoleCommand({
      RoleName: role.name,
      AssumeRolePolicyDocument: JSON.stringify(role.trust),
      Description: `hosepipe pipeline ${desired.tags['hosepipe:pipeline']}`,
      Tags: Object.entries(desired.tags).map(([Key, Value]) => ({ Key, Value })),
    }));
  } else if (change.update?.trust) {
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: role.name, PolicyDocument: JSON.stringify(role.trust) }));
  }
  if (change.action === 'create' || change.update?.policy) {
    await iam.send(new PutRolePolicyCommand({ RoleName: role.name, PolicyName: role.policyName, PolicyDocument: JSON.stringify(role.policy) }));
  }
}

export async function applyLogGroup(target: Target, desired: DesiredPipeline, group: DesiredPipeline['logGroups'][number], change: Change): Promise<void> {
  const { logs } = target.clients;
  if (change.action === 'create') {
    await logs.send(new CreateLogGroupCommand({ logGroupName: group.name, tags: desired.tags }));
    for (const stream of group.streams) await logs.send(new CreateLogStreamCommand({ logGroupName: group.name, logStreamName: stream }));
  }
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: group.name, retentionInDays: group.retentionDays }));
}
