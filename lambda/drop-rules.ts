import type { LogFields } from './log-format/index.js';

/** Drops a line whose field equals a value, or (for text fields) starts with a prefix. */
export type DropRule = { field: string; equals: string | number } | { field: string; prefix: string };

/**
 * Checks that `value` (parsed JSON) is an array of drop rules over `knownFields`; returns the
 * problem as a sentence, or the rules.
 */
export function validateDropRules(value: unknown, knownFields: readonly string[]): DropRule[] | string {
  if (!Array.isArray(value)) return 'expected a JSON array of {"field", "equals" | "prefix"} objects';
  const rules: DropRule[] = [];
  for (const [index, rule] of value.entries()) {
    if (typeof rule !== 'object' || rule === null) return `rule ${index} is not an object`;
    const { field, equals, prefix, ...rest } = rule as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0) return `rule ${index} has unknown key ${JSON.stringify(extra[0])}`;
    if (typeof field !== 'string') return `rule ${index} needs "field" as a string`;
    if (!knownFields.includes(field)) return `rule ${index} field ${JSON.stringify(field)} is not produced by the log format (fields: ${knownFields.join(', ')})`;
    if ((equals === undefined) === (prefix === undefined)) return `rule ${index} needs exactly one of "equals" or "prefix"`;
    if (prefix !== undefined) {
      if (typeof prefix !== 'string' || prefix === '') return `rule ${index} needs "prefix" as a non-empty string`;
      rules.push({ field, prefix });
    } else {
      if (typeof equals !== 'string' && typeof equals !== 'number') return `rule ${index} needs "equals" as a string or number`;
      rules.push({ field, equals });
    }
  }
  return rules;
}

/** True when any rule matches the parsed line; `equals` compares text, so 444 matches status 444. */
export function matchesDropRule(fields: LogFields, rules: readonly DropRule[]): boolean {
  for (const rule of rules) {
    const value = fields[rule.field];
    if (value === null || value === undefined) continue;
    if ('prefix' in rule) {
      if (typeof value === 'string' && value.startsWith(rule.prefix)) return true;
    } else if (value === rule.equals || String(value) === String(rule.equals)) {
      return true;
    }
  }
  return false;
}
