import { noSuchRolePolicy } from '../errors.js';
import type { IamOperation } from '../operation.js';
import { inlinePolicy } from '../store.js';
import { validateFields } from '../validation.js';

export const deleteRolePolicy: IamOperation = ({ store, params }) => {
  validateFields(params, ['RoleName', 'PolicyName']);
  const role = store.role(params.get('RoleName')!);
  const name = params.get('PolicyName')!;
  if (inlinePolicy(role, name) === undefined) throw noSuchRolePolicy(name);
  store.put({ ...role, InlinePolicies: Object.fromEntries(Object.entries(role.InlinePolicies).filter(([policy]) => policy !== name)) });
  return undefined;
};
