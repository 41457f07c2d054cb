import { AwsError } from '../../shared/index.js';
import { policyOf } from '../managed-policies.js';
import type { IamOperation } from '../operation.js';
import { MAX_TAGS, validateFields, validTags } from '../validation.js';
import { tagsXml } from '../xml.js';

export const tagPolicy: IamOperation = ({ store, params }) => {
  validateFields(params, ['PolicyArn']);
  const policy = policyOf(store, params.get('PolicyArn')!);
  const added = validTags(params);
  if (added.length === 0) throw new AwsError('ValidationError', `1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null`, 400);
  const tags = new Map(policy.Tags.map((tag) => [tag.Key.toLowerCase(), tag]));
  for (const tag of added) tags.set(tag.Key.toLowerCase(), tag);
  if (tags.size > MAX_TAGS) throw new AwsError('LimitExceeded', 'The number of tags has reached the maximum limit.', 409);
  store.putPolicy({ ...policy, Tags: [...tags.values()] });
  return undefined;
};

export const untagPolicy: IamOperation = ({ store, params }) => {
  validateFields(params, ['PolicyArn']);
  const policy = policyOf(store, params.get('PolicyArn')!);
  const remove = new Set(params.members('TagKeys').map((key) => key.toLowerCase()));
  store.putPolicy({ ...policy, Tags: policy.Tags.filter((tag) => !remove.has(tag.Key.toLowerCase())) });
  return undefined;
};

export const listPolicyTags: IamOperation = ({ store, params }) => {
  validateFields(params, ['PolicyArn']);
  return `<Tags>${tagsXml(policyOf(store, params.get('PolicyArn')!).Tags)}</Tags><IsTruncated>false</IsTruncated>`;
};
