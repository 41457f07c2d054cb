import type { IamOperation } from '../operation.js';
import { validateFields } from '../validation.js';
import { tagsXml } from '../xml.js';

export const listRoleTags: IamOperation = ({ store, params }) => {
  validateFields(params, ['RoleName']);
  return `<Tags>${tagsXml(store.role(params.get('RoleName')!).Tags)}</Tags><IsTruncated>false</IsTruncated>`;
};
