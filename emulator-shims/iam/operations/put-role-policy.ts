import { limitExceeded, QUOTAS } from '../errors.js';
import type { IamOperation } from '../operation.js';
import { validatePolicyDocument } from '../policy-document.js';
import { policySize, validateFields } from '../validation.js';

export const putRolePolicy: IamOperation = ({ store, params }) => {
  validateFields(params, ['RoleName', 'PolicyName', 'PolicyDocument']);
  const role = store.role(params.get('RoleName')!);
  const document = params.get('PolicyDocument')!;
  validatePolicyDocument(document, 'identity');
  const policies = { ...role.InlinePolicies, [params.get('PolicyName')!]: document };
  const total = Object.values(policies).reduce((sum, text) => sum + policySize(text), 0);
  if (total > QUOTAS.inlinePolicySizePerRole) throw limitExceeded(`Maximum policy size of ${QUOTAS.inlinePolicySizePerRole} bytes exceeded for role ${role.RoleName}`);
  store.put({ ...role, InlinePolicies: policies });
  return undefined;
};
