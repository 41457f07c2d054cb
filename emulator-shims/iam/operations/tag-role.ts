import { AwsError } from '../../shared/index.js';
import type { IamOperation } from '../operation.js';
import { validateFields } from '../validation.js';

// IAM allows 50 tags per role.
const MAX_TAGS = 50;

export const tagRole: IamOperation = ({ store, params }) => {
  validateFields(params, ['RoleName']);
  const role = store.role(params.get('RoleName')!);
  const tags = new Map(role.Tags.map((tag) => [tag.Key, tag.Value]));
  for (const tag of params.pairs('Tags')) tags.set(tag.Key, tag.Value);
  if (tags.size > MAX_TAGS) throw new AwsError('LimitExceeded', `The number of tags has reached the maximum limit.`, 409);
  store.put({ ...role, Tags: [...tags].map(([Key, Value]) => ({ Key, Value })) });
  return undefined;
};
