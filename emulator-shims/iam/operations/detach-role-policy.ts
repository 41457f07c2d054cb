import { notAttached } from '../errors.js';
import type { IamOperation } from '../operation.js';
import { validateFields } from '../validation.js';

export const detachRolePolicy: IamOperation = ({ store, params }) => {
  validateFields(params, ['RoleName', 'PolicyArn']);
  const role = store.role(params.get('RoleName')!);
  const arn = params.get('PolicyArn')!;
  if (!role.AttachedPolicies.some((policy) => policy.PolicyArn === arn)) throw notAttached(arn);
  store.put({ ...role, AttachedPolicies: role.AttachedPolicies.filter((policy) => policy.PolicyArn !== arn) });
  return undefined;
};
