/**
 * CloudWatch Logs input constraints (from the API reference), checked by the shared table engine:
 * violations are InvalidParameterException with AWS's "N validation errors detected: …", wrong JSON
 * types SerializationException.
 */
import type { Constraint } from '../shared/index.js';
import { invalidParameter, serializationError } from './errors.js';

const GROUP_PATTERN = '[\\.\\-_/#A-Za-z0-9]+';
const STREAM_PATTERN = '[^:*]*';
const GROUP_NAME = new RegExp(`^(?:${GROUP_PATTERN})$`);
const STREAM_NAME = new RegExp(`^(?:${STREAM_PATTERN})$`);

export const isLogGroupName = (name: string): boolean => name.length >= 1 && name.length <= 512 && GROUP_NAME.test(name);
export const isLogStreamName = (name: string): boolean => name.length >= 1 && name.length <= 512 && STREAM_NAME.test(name);

export const LOG_GROUP_NAME: Constraint = { type: 'string', length: [1, 512], pattern: GROUP_PATTERN };
export const LOG_STREAM_NAME: Constraint = { type: 'string', length: [1, 512], pattern: STREAM_PATTERN };
export const LOG_GROUP_IDENTIFIER: Constraint = { type: 'string', length: [1, 2048], pattern: '[\\w#+=/:,.@-]*' };
export const NEXT_TOKEN: Constraint = { type: 'string', length: [1, 4096] };
export const TIME: Constraint = { type: 'number', range: [0, Number.MAX_SAFE_INTEGER] };
export const required = (constraint: Constraint): Constraint => ({ ...constraint, required: true });

// Tag keys and values as the CreateLogGroup / TagResource reference gives them.
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
const MAX_TAGS = 50;

/** A `tags` map checked as CloudWatch Logs checks it; undefined when absent. */
export function checkTags(tags: unknown, member = 'tags'): Map<string, string> | undefined {
  if (tags === undefined || tags === null) return undefined;
  if (typeof tags !== 'object' || Array.isArray(tags)) throw serializationError(Array.isArray(tags) ? 'Start of list found where not expected' : 'Expected map or null');
  const entries = Object.entries(tags as Record<string, unknown>);
  for (const [, value] of entries) {
    if (typeof value !== 'string') throw serializationError(typeof value === 'object' ? 'Start of structure or map found where not expected.' : `class ${typeof value === 'number' ? 'com.amazon.coral.value.json.numbers.TruncatingBigNumber' : 'java.lang.Boolean'} can not be converted to an String`);
  }
  const problems: string[] = [];
  if (entries.length < 1) problems.push(`Value '{}' at '${member}' failed to satisfy constraint: Member must have length greater than or equal to 1`);
  if (entries.length > MAX_TAGS) problems.push(`Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TAGS}`);
  for (const [key, value] of entries) {
    if (!TAG_KEY.test(key)) problems.push(`Value '${key.slice(0, 200)}' at '${member}' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$]`);
    if (!TAG_VALUE.test(value as string)) problems.push(`Value '${(value as string).slice(0, 300)}' at '${member}' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 256, Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$]`);
  }
  if (problems.length > 0) throw invalidParameter(`${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: ${problems.join('; ')}`);
  return new Map(entries as [string, string][]);
}
