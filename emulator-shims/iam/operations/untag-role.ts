import { AwsError } from '../../shared/index.js';
import type { IamOperation } from '../operation.js';
import { validateFields } from '../validation.js';

export const untagRole: IamOperation = ({ store, params }) => {
  validateFields(params, ['RoleName']);
  const role = store.role(params.get('RoleName')!);
  const keys = params.members('TagKeys');
  if (keys.length > 50) throw new AwsError('ValidationError', `1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must have length less than or equal to 50`, 400);
  const remove = new Set(keys.map((key) => key.toLowerCase()));
  store.put({ ...role, Tags: role.Tags.filter((tag) => !remove.has(tag.Key.toLowerCase())) });
  return undefined;
};
