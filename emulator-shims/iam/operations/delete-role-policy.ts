import { noSuchRolePolicy } from '../errors.js';
import type { IamOperation } from '../operation.js';
import { validateFields } from '../validation.js';

export const deleteRolePolicy: IamOperation = ({ store, params }) => {
  validateFields(params, ['RoleName', 'PolicyName']);
  const role = store.role(params.get('RoleName')!);
  const name = params.get('PolicyName')!;
  if (role.InlinePolicies[name] === undefined) throw noSuchRolePolicy(name);
  const { [name]: _removed, ...rest } = role.InlinePolicies;
  store.put({ ...role, InlinePolicies: rest });
  return undefined;
};
