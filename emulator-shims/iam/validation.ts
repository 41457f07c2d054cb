import type { QueryParams } from '../shared/index.js';
import { validationError } from './errors.js';

interface FieldRule {
  required?: boolean;
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** The pattern as IAM's message spells it. */
  patternText?: string;
}

/** Field constraints from the IAM API reference, shared by every operation that takes the field. */
export const FIELDS: Record<string, FieldRule> = {
  RoleName: { min: 1, max: 64, pattern: /^[\w+=,.@-]+$/, patternText: '[\\w+=,.@-]+' },
  PolicyName: { min: 1, max: 128, pattern: /^[\w+=,.@-]+$/, patternText: '[\\w+=,.@-]+' },
  Path: { min: 1, max: 512, pattern: /^(\u002F)|(\u002F[\u0021-\u007E]+\u002F)$/, patternText: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)' },
  Description: { min: 0, max: 1000 },
  AssumeRolePolicyDocument: { min: 1, max: 131072 },
  PolicyDocument: { min: 1, max: 131072 },
  PolicyArn: { min: 20, max: 2048 },
  MaxSessionDuration: { pattern: /^\d+$/ },
};

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
    if (rule.min !== undefined && value.length < rule.min) problems.push(`Value '${value}' at '${member}' failed to satisfy constraint: Member must have length greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && value.length > rule.max) problems.push(`Value '${value}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${rule.max}`);
    if (rule.pattern && value.length > 0 && !rule.pattern.test(value)) {
      problems.push(`Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`);
    }
  }
  if (problems.length > 0) throw validationError(problems);
}
