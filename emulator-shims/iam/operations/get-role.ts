import type { IamOperation } from '../operation.js';
import { validateFields } from '../validation.js';
import { roleXml } from '../xml.js';

export const getRole: IamOperation = ({ store, params }) => {
  validateFields(params, ['RoleName']);
  return `<Role>${roleXml(store.role(params.get('RoleName')!))}</Role>`;
};
