/** Tag member constraints [M], shared by CreateDeliveryStream and TagDeliveryStream. */
import type { Constraint } from '../validation.js';

export const MAX_TAGS_PER_STREAM = 50;

export function tagRules(member: string): Record<string, Constraint> {
  return {
    [`${member}[].Key`]: { required: true, type: 'string', length: [1, 128], pattern: '^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@%]*$' },
    [`${member}[].Value`]: { type: 'string', length: [0, 256], pattern: '^[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@%]*$' },
  };
}
