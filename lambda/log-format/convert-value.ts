import { decodeValue, type LogEscape } from './decode-value.js';
import { parseTimeLocal } from './time-local.js';
import type { VariableKind } from './variable-kinds.js';

/** A field of a parsed line, ready for JSON. */
export type FieldValue = string | number | null;

/** A value that nginx could not have written for this variable; `expected` says what was wanted. */
export interface ConversionFailure {
  readonly expected: string;
}

/** A converted value, plus the epoch milliseconds when the variable is a time. */
export interface Converted {
  value: FieldValue;
  epochMs: number | undefined;
}

const DECIMAL = /^\d+(?:\.\d+)?$/;
const ISO8601 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/;

const parseInteger = (raw: string): number | undefined => {
  if (raw.length === 0 || raw.length > 15) return undefined;
  let value = 0;
  for (let i = 0; i < raw.length; i += 1) {
    const digit = raw.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return value;
};

// Reused by every conversion: the scanner reads it immediately, so sharing saves an allocation per field.
const result: Converted = { value: null, epochMs: undefined };
const ok = (value: FieldValue, epochMs?: number): Converted => {
  result.value = value;
  result.epochMs = epochMs;
  return result;
};

/**
 * Converts one variable's text to its JSON value by kind. `-` (nginx's "no value") is null for
 * every kind; an empty value is null for numeric kinds.
 */
export function convertValue(raw: string, kind: VariableKind, escape: LogEscape, lineIsUtf8: boolean): Converted | ConversionFailure {
  if (raw === '-') return ok(null);
  switch (kind) {
    case 'integer': {
      if (raw === '') return ok(null);
      const value = parseInteger(raw);
      return value === undefined ? { expected: 'an integer' } : ok(value);
    }
    case 'number': {
      if (raw === '') return ok(null);
      if (!DECIMAL.test(raw)) return { expected: 'a number' };
      const value = Number(raw);
      return ok(value, Math.round(value * 1000));
    }
    case 'upstream-list':
      // One upstream gives a number; several ("0.001, 0.002") stay text, as nginx wrote them.
      if (DECIMAL.test(raw)) return ok(Number(raw));
      break;
    case 'time-local': {
      const time = parseTimeLocal(raw);
      return time === undefined ? { expected: 'a time like 10/Mar/2024:02:30:00 +0900' } : ok(time.iso, time.epochMs);
    }
    case 'time-iso8601': {
      const epochMs = ISO8601.test(raw) ? Date.parse(raw) : Number.NaN;
      return Number.isNaN(epochMs) ? { expected: 'an ISO-8601 time' } : ok(raw, epochMs);
    }
    case 'string':
    case 'request':
      break;
  }
  const text = decodeValue(raw, escape, lineIsUtf8);
  return text === undefined ? { expected: `text escaped as nginx escape=${escape} writes it` } : ok(text);
}
