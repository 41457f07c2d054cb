import { AwsError } from '../../shared/index.js';
import { attachmentCount, checkVersionId, policyOf, policyVersionXml, policyXml } from '../managed-policies.js';
import type { IamOperation } from '../operation.js';
import { validateFields } from '../validation.js';

export const getPolicy: IamOperation = ({ store, params }) => {
  validateFields(params, ['PolicyArn']);
  const policy = policyOf(store, params.get('PolicyArn')!);
  return `<Policy>${policyXml(policy, attachmentCount(store, policy.Arn))}</Policy>`;
};

export const getPolicyVersion: IamOperation = ({ store, params }) => {
  validateFields(params, ['PolicyArn']);
  const policy = policyOf(store, params.get('PolicyArn')!);
  const versionId = checkVersionId(params.get('VersionId'));
  const version = policy.Versions.find((candidate) => candidate.VersionId === versionId);
  if (!version) throw new AwsError('NoSuchEntity', `Policy ${policy.Arn} version ${versionId} does not exist or is not attachable.`, 404);
  return `<PolicyVersion>${policyVersionXml(policy, version)}</PolicyVersion>`;
};
