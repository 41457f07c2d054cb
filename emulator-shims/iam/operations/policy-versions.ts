import { AwsError } from '../../shared/index.js';
import { limitExceeded } from '../errors.js';
import { checkVersionId, iamDate, POLICY_QUOTAS, policyOf, policyVersionXml } from '../managed-policies.js';
import type { IamOperation } from '../operation.js';
import { validatePolicyDocument } from '../policy-document.js';
import { policySize, validateFields } from '../validation.js';

export const createPolicyVersion: IamOperation = ({ store, params, now }) => {
  validateFields(params, ['PolicyArn', 'PolicyDocument']);
  const policy = policyOf(store, params.get('PolicyArn')!);
  const document = params.get('PolicyDocument')!;
  validatePolicyDocument(document, 'identity');
  if (policySize(document) > POLICY_QUOTAS.policySize) throw limitExceeded(`Cannot exceed quota for PolicySize: ${POLICY_QUOTAS.policySize}`);
  if (policy.Versions.length >= POLICY_QUOTAS.versionsPerPolicy) {
    throw limitExceeded('A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
  }
  const at = iamDate(now());
  const version = { VersionId: `v${policy.NextVersion}`, Document: document, CreateDate: at };
  const setDefault = params.get('SetAsDefault') === 'true';
  const next = { ...policy, Versions: [...policy.Versions, version], NextVersion: policy.NextVersion + 1, UpdateDate: at, ...(setDefault ? { DefaultVersionId: version.VersionId } : {}) };
  store.putPolicy(next);
  return `<PolicyVersion>${policyVersionXml(next, version, false)}</PolicyVersion>`;
};

export const setDefaultPolicyVersion: IamOperation = ({ store, params, now }) => {
  validateFields(params, ['PolicyArn']);
  const policy = policyOf(store, params.get('PolicyArn')!);
  const versionId = checkVersionId(params.get('VersionId'));
  if (!policy.Versions.some((version) => version.VersionId === versionId)) {
    throw new AwsError('NoSuchEntity', `Policy ${policy.Arn} version ${versionId} does not exist or is not attachable.`, 404);
  }
  store.putPolicy({ ...policy, DefaultVersionId: versionId, UpdateDate: iamDate(now()) });
  return undefined;
};

export const deletePolicyVersion: IamOperation = ({ store, params }) => {
  validateFields(params, ['PolicyArn']);
  const policy = policyOf(store, params.get('PolicyArn')!);
  const versionId = checkVersionId(params.get('VersionId'));
  if (!policy.Versions.some((version) => version.VersionId === versionId)) {
    throw new AwsError('NoSuchEntity', `Policy ${policy.Arn} version ${versionId} does not exist or is not attachable.`, 404);
  }
  if (versionId === policy.DefaultVersionId) throw new AwsError('DeleteConflict', 'Cannot delete the default version of a policy.', 409);
  store.putPolicy({ ...policy, Versions: policy.Versions.filter((version) => version.VersionId !== versionId) });
  return undefined;
};

export const deletePolicy: IamOperation = ({ store, params }) => {
  validateFields(params, ['PolicyArn']);
  const policy = policyOf(store, params.get('PolicyArn')!);
  if (store.roles().some((role) => role.AttachedPolicies.some((attached) => attached.PolicyArn === policy.Arn))) {
    throw new AwsError('DeleteConflict', 'Cannot delete a policy attached to entities.', 409);
  }
  if (policy.Versions.length > 1) {
    throw new AwsError('DeleteConflict', "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.", 409);
  }
  store.removePolicy(policy.Arn);
  return undefined;
};
