import type { IamOperation } from '../operation.js';
import { validatePolicyDocument } from '../policy-document.js';
import { validateFields } from '../validation.js';

export const updateAssumeRolePolicy: IamOperation = ({ store, params }) => {
  validateFields(params, ['RoleName', 'PolicyDocument']);
  const role = store.role(params.get('RoleName')!);
  const document = params.get('PolicyDocument')!;
  validatePolicyDocument(document, 'trust');
  store.put({ ...role, AssumeRolePolicyDocument: document });
  return undefined;
};
