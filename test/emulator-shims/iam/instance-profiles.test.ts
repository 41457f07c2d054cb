import test from 'ava';
import { CreateRoleCommand, IAMClient, ListInstanceProfilesForRoleCommand } from '@aws-sdk/client-iam';
import { clientConfig, startEdge, uniqueName } from '../edge/helpers.js';

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

test('listInstanceProfilesForRole lists none for a role and is NoSuchEntity for an unknown role', async (t) => {
  const edge = await startEdge(t);
  const iam = new IAMClient(clientConfig(edge));
  const name = uniqueName('profiles');
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
  const answer = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: name }));
  t.deepEqual(answer.InstanceProfiles, []);
  t.false(answer.IsTruncated);
  await t.throwsAsync(iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: uniqueName('missing') })), { name: 'NoSuchEntityException' });
});
