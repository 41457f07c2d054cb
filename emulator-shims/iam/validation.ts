import type { QueryParams } from '../shared/index.js';
import { AwsError } from '../shared/index.js';
import { validationError } from './errors.js';

interface FieldRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** The pattern as IAM's message spells it. */
  patternText?: string;
}

const NAME = { pattern: /^[\w+=,.@-]+$/, patternText: '[\\w+=,.@-]+' };

/** Field constraints from the IAM API reference, shared by every operation that takes the field. */
export const FIELDS: Record<string, FieldRule> = {
  RoleName: { min: 1, max: 64, ...NAME },
  PolicyName: { min: 1, max: 128, ...NAME },
  // A single `/`, or `/` + printable ASCII + `/` (so `/../x` is not a path: it does not end in `/`).
  Path: { min: 1, max: 512, pattern: /^(?:\/|\/[\u0021-\u007E]+\/)$/, patternText: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)' },
  PathPrefix: { min: 1, max: 512, pattern: /^\/[\u0021-\u007F]*$/, patternText: '\\u002F[\\u0021-\\u007F]*' },
  Description: { min: 0, max: 1000, pattern: /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/, patternText: '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*' },
  AssumeRolePolicyDocument: { min: 1, max: 131072, pattern: /^[\u0009\u000A\u000D\u0020-\u00FF]+$/, patternText: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' },
  PolicyDocument: { min: 1, max: 131072, pattern: /^[\u0009\u000A\u000D\u0020-\u00FF]+$/, patternText: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' },
  PolicyArn: { min: 20, max: 2048 },
  MaxSessionDuration: { pattern: /^\d{1,9}$/, patternText: 'an integer' },
  MaxItems: { pattern: /^\d{1,9}$/, patternText: 'an integer' },
  Marker: { min: 1, max: 320, pattern: /^[\u0020-\u00FF]+$/, patternText: '[\\u0020-\\u00FF]+' },
};

// IAM quotes values in its messages; a long one is cut.
const shown = (value: string): string => (value.length > 256 ? `${value.slice(0, 256)}...` : value);

/**
 * Checks the named fields of a call; `required` lists those the operation needs. Throws one
 * ValidationError listing every problem, in IAM's "Value … at '…' failed to satisfy constraint" wording.
 */
export function validateFields(params: QueryParams, required: readonly string[], optional: readonly string[] = []): void {
  const problems: string[] = [];
  for (const name of [...required, ...optional]) {
    const value = params.get(name);
    const member = name.charAt(0).toLowerCase() + name.slice(1);
    if (value === undefined) {
      if (required.includes(name)) problems.push(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    const rule = FIELDS[name] ?? {};
    if (rule.min !== undefined && value.length < rule.min) problems.push(`Value '${shown(value)}' at '${member}' failed to satisfy constraint: Member must have length greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && value.length > rule.max) problems.push(`Value '${shown(value)}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${rule.max}`);
    if (rule.pattern && value.length > 0 && !rule.pattern.test(value)) {
      problems.push(`Value '${shown(value)}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`);
    }
  }
  if (problems.length > 0) throw validationError(problems);
}

const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const MAX_TAGS = 50;

/** The `Tags.member.N` of a call checked as IAM checks them: patterns, lengths, 50 at most, keys unique ignoring case. */
export function validTags(params: QueryParams, prefix = 'Tags'): { Key: string; Value: string }[] {
  const tags = params.pairs(prefix);
  const problems: string[] = [];
  tags.forEach((tag, index) => {
    const at = `tags.${index + 1}.member`;
    if (tag.Key.length < 1) problems.push(`Value '' at '${at}.key' failed to satisfy constraint: Member must have length greater than or equal to 1`);
    if (tag.Key.length > 128) problems.push(`Value '${shown(tag.Key)}' at '${at}.key' failed to satisfy constraint: Member must have length less than or equal to 128`);
    if (tag.Key.length > 0 && !TAG_KEY.test(tag.Key)) problems.push(`Value '${shown(tag.Key)}' at '${at}.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+`);
    if (tag.Value.length > 256) problems.push(`Value '${shown(tag.Value)}' at '${at}.value' failed to satisfy constraint: Member must have length less than or equal to 256`);
    if (!TAG_VALUE.test(tag.Value)) problems.push(`Value '${shown(tag.Value)}' at '${at}.value' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*`);
  });
  if (tags.length > MAX_TAGS) problems.push(`Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TAGS}`);
  if (problems.length > 0) throw validationError(problems);
  const keys = new Set(tags.map((tag) => tag.Key.toLowerCase()));
  if (keys.size !== tags.length) throw new AwsError('InvalidInput', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.', 400);
  return tags;
}

/** A policy's size as IAM counts it against its quotas: characters other than whitespace. */
export const policySize = (document: string): number => document.replace(/\s/g, '').length;
