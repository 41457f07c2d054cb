import { AwsError } from '../../shared/index.js';
import type { IamOperation } from '../operation.js';
import { MAX_TAGS, validateFields, validTags } from '../validation.js';

export const tagRole: IamOperation = ({ store, params }) => {
  validateFields(params, ['RoleName']);
  const role = store.role(params.get('RoleName')!);
  const added = validTags(params);
  if (added.length === 0) throw new AwsError('ValidationError', `1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null`, 400);
  // Tag keys are unique ignoring case; a tag given again replaces the old one, spelling included.
  const tags = new Map(role.Tags.map((tag) => [tag.Key.toLowerCase(), tag]));
  for (const tag of added) tags.set(tag.Key.toLowerCase(), tag);
  if (tags.size > MAX_TAGS) throw new AwsError('LimitExceeded', `The number of tags has reached the maximum limit.`, 409);
  store.put({ ...role, Tags: [...tags.values()] });
  return undefined;
};
