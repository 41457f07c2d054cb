import { AwsError } from '../../shared/index.js';
import { limitExceeded } from '../errors.js';
import { attachmentCount, iamDate, newPolicyId, POLICY_QUOTAS, policyXml } from '../managed-policies.js';
import type { IamOperation } from '../operation.js';
import { validatePolicyDocument } from '../policy-document.js';
import { policySize, validateFields, validTags } from '../validation.js';

export const createPolicy: IamOperation = ({ store, scope, params, now }) => {
  validateFields(params, ['PolicyName', 'PolicyDocument'], ['Path', 'Description']);
  const name = params.get('PolicyName')!;
  const path = params.get('Path') ?? '/';
  const tags = validTags(params);
  const document = params.get('PolicyDocument')!;
  validatePolicyDocument(document, 'identity');
  if (policySize(document) > POLICY_QUOTAS.policySize) throw limitExceeded(`Cannot exceed quota for PolicySize: ${POLICY_QUOTAS.policySize}`);
  // Names are unique in the account whatever the path.
  if (store.policies().some((policy) => policy.PolicyName.toLowerCase() === name.toLowerCase())) {
    throw new AwsError('EntityAlreadyExists', `A policy called ${name} already exists. Duplicate names are not allowed.`, 409);
  }
  if (store.policies().length >= POLICY_QUOTAS.policiesPerAccount) throw limitExceeded(`Cannot exceed quota for PoliciesPerAccount: ${POLICY_QUOTAS.policiesPerAccount}`);
  const at = iamDate(now());
  const description = params.get('Description');
  const policy = {
    PolicyName: name, PolicyId: newPolicyId(), Arn: `arn:aws:iam::${scope.accountId}:policy${path}${name}`, Path: path,
    ...(description === undefined ? {} : { Description: description }),
    CreateDate: at, UpdateDate: at, DefaultVersionId: 'v1', Tags: tags, Versions: [{ VersionId: 'v1', Document: document, CreateDate: at }], NextVersion: 2,
  };
  store.putPolicy(policy);
  return `<Policy>${policyXml(policy, attachmentCount(store, policy.Arn))}</Policy>`;
};
