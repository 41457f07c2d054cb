import { xmlElement } from '../../shared/index.js';
import { noSuchRolePolicy } from '../errors.js';
import type { IamOperation } from '../operation.js';
import { inlinePolicy } from '../store.js';
import { validateFields } from '../validation.js';

export const getRolePolicy: IamOperation = ({ store, params }) => {
  validateFields(params, ['RoleName', 'PolicyName']);
  const role = store.role(params.get('RoleName')!);
  const name = params.get('PolicyName')!;
  const document = inlinePolicy(role, name);
  if (document === undefined) throw noSuchRolePolicy(name);
  return xmlElement('RoleName', role.RoleName) + xmlElement('PolicyName', name) + xmlElement('PolicyDocument', encodeURIComponent(document));
};
