import { limitExceeded, QUOTAS } from '../errors.js';
import type { IamOperation } from '../operation.js';
import { validatePolicyDocument } from '../policy-document.js';
import { policySize, validateFields } from '../validation.js';

export const updateAssumeRolePolicy: IamOperation = ({ store, params }) => {
  validateFields(params, ['RoleName', 'PolicyDocument']);
  const role = store.role(params.get('RoleName')!);
  const document = params.get('PolicyDocument')!;
  validatePolicyDocument(document, 'trust');
  if (policySize(document) > QUOTAS.trustPolicySize) throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${QUOTAS.trustPolicySize}`);
  store.put({ ...role, AssumeRolePolicyDocument: document });
  return undefined;
};
