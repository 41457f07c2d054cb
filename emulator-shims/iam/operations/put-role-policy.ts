import type { IamOperation } from '../operation.js';
import { validatePolicyDocument } from '../policy-document.js';
import { validateFields } from '../validation.js';

export const putRolePolicy: IamOperation = ({ store, params }) => {
  validateFields(params, ['RoleName', 'PolicyName', 'PolicyDocument']);
  const role = store.role(params.get('RoleName')!);
  const document = params.get('PolicyDocument')!;
  validatePolicyDocument(document, 'identity');
  store.put({ ...role, InlinePolicies: { ...role.InlinePolicies, [params.get('PolicyName')!]: document } });
  return undefined;
};
