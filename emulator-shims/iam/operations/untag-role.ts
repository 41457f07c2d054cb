import type { IamOperation } from '../operation.js';
import { validateFields } from '../validation.js';

export const untagRole: IamOperation = ({ store, params }) => {
  validateFields(params, ['RoleName']);
  const role = store.role(params.get('RoleName')!);
  const remove = new Set(params.members('TagKeys'));
  store.put({ ...role, Tags: role.Tags.filter((tag) => !remove.has(tag.Key)) });
  return undefined;
};
