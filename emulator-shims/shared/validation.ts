/**
 * Declarative input validation for the JSON services: each operation lists its member constraints
 * from the Smithy model as a table; violations become one error with AWS's wording ("N validation
 * errors detected: …"), wrong JSON types a SerializationException as AWS's deserialiser words them.
 */
import { AwsError } from './aws-error.js';

const serializationError = (message: string): AwsError => new AwsError('SerializationException', message);

export interface Constraint {
  required?: boolean;
  /** `blob`: a base64 string, as the JSON protocol carries binary members. */
  type?: 'string' | 'blob' | 'number' | 'boolean' | 'list' | 'object';
  length?: readonly [number, number];
  /** Regular expression source, quoted verbatim in the message. */
  pattern?: string;
  range?: readonly [number, number];
  enum?: readonly string[];
}

/** Member path → constraint. Paths use the wire member names; `Tags[]` walks every list element. */
export type ValidationTable = Readonly<Record<string, Constraint>>;

/** A member path's steps (`Tags[]` walks every list element), parsed once per path. */
interface Segment { name: string; isList: boolean }
const segmentsByPath = new Map<string, Segment[]>();
const segmentsOf = (path: string): Segment[] => {
  let segments = segmentsByPath.get(path);
  if (segments === undefined) {
    segments = path.split('.').map((segment) => (segment.endsWith('[]') ? { name: segment.slice(0, -2), isList: true } : { name: segment, isList: false }));
    segmentsByPath.set(path, segments);
  }
  return segments;
};

interface Located { path: string; value: unknown }

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** Every value at `path` whose parent exists, with AWS's dotted message path (`tags.1.member.key`). */
function locate(input: unknown, path: string): Located[] {
  let current: Located[] = [{ path: '', value: input }];
  segmentsOf(path).forEach(({ name, isList }) => {
    const next: Located[] = [];
    for (const located of current) {
      if (typeof located.value !== 'object' || located.value === null || Array.isArray(located.value)) continue;
      const value = (located.value as Record<string, unknown>)[name];
      const memberPath = located.path ? `${located.path}.${lowerFirst(name)}` : lowerFirst(name);
      if (isList) {
        if (!Array.isArray(value)) continue;
        value.forEach((item, itemIndex) => next.push({ path: `${memberPath}.${itemIndex + 1}.member`, value: item }));
      } else {
        next.push({ path: memberPath, value });
      }
    }
    current = next;
  });
  return current;
}

// A 4 MiB list is not echoed whole into a message: long values are cut.
const MAX_DISPLAY = 256;
const display = (value: unknown): string => {
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return `'${text.length > MAX_DISPLAY ? `${text.slice(0, MAX_DISPLAY)}...` : text}'`;
};

function typeOf(value: unknown): Constraint['type'] {
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'object';
  return typeof value as Constraint['type'];
}

const sameType = (actual: Constraint['type'], expected: Constraint['type']): boolean => actual === expected || (expected === 'blob' && actual === 'string');

// What AWS's JSON deserialiser (Coral) answers for a value of the wrong type, as kinesalite recorded it from Kinesis.
const CORAL_TYPE_NAMES: Record<string, string> = { string: 'an String', blob: 'a Blob', number: 'an Integer', boolean: 'an Boolean' };
function wrongTypeMessage(value: unknown, expected: Constraint['type']): string {
  const actual = typeOf(value);
  if (actual === 'list') return 'Start of list found where not expected';
  if (actual === 'object') return 'Start of structure or map found where not expected.';
  if (expected === 'list') return 'Expected list or null';
  if (expected === 'object') return 'Expected null';
  const target = CORAL_TYPE_NAMES[expected ?? 'string'];
  if (actual === 'boolean') return `class java.lang.Boolean can not be converted to ${target}`;
  if (actual === 'number') return `class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to ${target}`;
  return `class java.lang.String can not be converted to ${target}`;
}

/**
 * Pure: whether `text` is canonical base64: whole quads of the standard alphabet, then an optional
 * padded tail whose unused bits are zero (the verdict of
 * /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=|[A-Za-z0-9+/][AQgw]==)?$/). Those are exactly
 * the texts a standard encoder writes. Node's decoder, run natively into a scratch buffer that is reused,
 * tells most of it (see decodedCanonically); the pattern took about 5 times as long, and decoding into a
 * new buffer and encoding that back into a new string, to compare, twice as long and two objects per value.
 */
export function isCanonicalBase64(text: string): boolean {
  const length = text.length;
  if (length % 4 !== 0) return false;
  const promised = promisedBytes(text);
  if (promised > scratch.length) scratch = Buffer.allocUnsafeSlow(promised);
  return decodedCanonically(text, scratch.write(text, 0, promised, 'base64'));
}

let scratch = Buffer.allocUnsafeSlow(8 * 1024);

/** Pure: the bytes base64 `text` (a multiple of 4 long) stands for, by its length and padding. */
function promisedBytes(text: string): number {
  const length = text.length;
  const padding = length === 0 || text.charCodeAt(length - 1) !== 0x3d ? 0 : text.charCodeAt(length - 2) === 0x3d ? 2 : 1;
  return (length / 4) * 3 - padding;
}

/** The value of each standard base64 digit by character code; -1 for any other character. */
const DIGIT_VALUES = new Int8Array(128).fill(-1);
for (const [value, character] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries()) DIGIT_VALUES[character.charCodeAt(0)] = value;

/**
 * Pure: whether `text` (a multiple of 4 long) is canonical base64, given the number of bytes Node's
 * decoder made of it. That decoder skips characters outside the alphabet and stops at misplaced
 * padding, so either shows as fewer bytes than the length promises; it also takes the URL-safe '-' and
 * '_', which standard base64 does not; and a padded tail's unused bits must be zero, which it ignores.
 */
export function decodedCanonically(text: string, decodedLength: number): boolean {
  const length = text.length;
  const promised = promisedBytes(text);
  if (decodedLength !== promised || text.includes('-') || text.includes('_')) return false;
  const padding = (length / 4) * 3 - promised;
  if (padding === 0) return true;
  const last = DIGIT_VALUES[text.charCodeAt(length - padding - 1)] ?? -1;
  return (last & (padding === 2 ? 0x0f : 0x03)) === 0;
}

/** Why `text` is not a blob, in AWS's words (the value shortened), or undefined when it is one. */
export function base64Problem(text: string): string | undefined {
  if (isCanonicalBase64(text)) return undefined;
  const shown = `'${text.length > 100 ? `${text.slice(0, 100)}...` : text}' can not be converted to a Blob`;
  if (text.length % 4 !== 0) return `${shown}: Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`;
  const bad = /[^A-Za-z0-9+/=]|=[^=]/.exec(text);
  if (bad) return `${shown}: Invalid Base64 character: '${bad[0][0]}'`;
  return `${shown}: Invalid last non-pad Base64 character dectected`;
}

const violation = (value: unknown, path: string, text: string): string => `Value ${display(value)} at '${path}' failed to satisfy constraint: ${text}`;

const patterns = new Map<string, RegExp>();
const patternOf = (source: string): RegExp => {
  let pattern = patterns.get(source);
  if (pattern === undefined) {
    pattern = new RegExp(`^(?:${source})$`, 'u');
    patterns.set(source, pattern);
  }
  return pattern;
};

/**
 * The one definition of the constraints on a present value: reports each broken constraint's text
 * in AWS's order; a value of the wrong type throws SerializationException.
 */
function checkValue(value: unknown, constraint: Constraint, report: (text: string) => void): void {
  if (constraint.type && !sameType(typeOf(value), constraint.type)) throw serializationError(wrongTypeMessage(value, constraint.type));
  if (constraint.type === 'blob') {
    const problem = base64Problem(value as string);
    if (problem) throw serializationError(problem);
  }
  if (constraint.length && (typeof value === 'string' || Array.isArray(value))) {
    const [min, max] = constraint.length;
    const size = typeof value === 'string' ? [...value].length : value.length;
    if (size < min) report(`Member must have length greater than or equal to ${min}`);
    if (size > max) report(`Member must have length less than or equal to ${max}`);
  }
  if (constraint.range && typeof value === 'number') {
    const [min, max] = constraint.range;
    if (value < min) report(`Member must have value greater than or equal to ${min}`);
    if (value > max) report(`Member must have value less than or equal to ${max}`);
  }
  const { pattern, enum: values } = constraint;
  if (pattern && typeof value === 'string' && !patternOf(pattern).test(value)) report(`Member must satisfy regular expression pattern: ${pattern}`);
  if (values && typeof value === 'string' && !values.includes(value)) report(`Member must satisfy enum value set: [${values.join(', ')}]`);
}

function problemsFor(located: Located, constraint: Constraint): string[] {
  const { path, value } = located;
  if (value === undefined || value === null) {
    return constraint.required ? [`Value null at '${path}' failed to satisfy constraint: Member must not be null`] : [];
  }
  const problems: string[] = [];
  checkValue(value, constraint, (text) => problems.push(violation(value, path, text)));
  return problems;
}

const FAILED = Symbol('failed');
const stopAtFirst = (): never => {
  throw FAILED;
};

/** True when problemsFor would find nothing (and would not throw) for `value`; makes no closure and no message. */
function passes(value: unknown, constraint: Constraint): boolean {
  if (value === undefined || value === null) return constraint.required !== true;
  try {
    checkValue(value, constraint, stopAtFirst);
    return true;
  } catch {
    // A broken constraint, or a value of the wrong type: problemsFor words it.
    return false;
  }
}

// The check without the messages: valid input (nearly every call, and PutRecordBatch makes one per
// record) is walked without building a path, a located value or a closure per value; only input
// that fails is walked again by locate() and problemsFor() to word the violations.
/** True when every value locate() would find at `segments[index…]` under `value` passes. */
function allPass(value: unknown, segments: readonly Segment[], index: number, constraint: Constraint): boolean {
  if (index === segments.length) return passes(value, constraint);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return true;
  const segment = segments[index]!;
  const child = (value as Record<string, unknown>)[segment.name];
  if (!segment.isList) return allPass(child, segments, index + 1, constraint);
  if (!Array.isArray(child)) return true;
  for (const item of child) if (!allPass(item, segments, index + 1, constraint)) return false;
  return true;
}

/** Collects every violation of `table` in `input`; empty when valid. */
export function findViolations(input: unknown, table: ValidationTable): string[] {
  let valid = true;
  for (const path in table) {
    if (!allPass(input ?? {}, segmentsOf(path), 0, table[path]!)) {
      valid = false;
      break;
    }
  }
  if (valid) return [];
  const problems: string[] = [];
  for (const [path, constraint] of Object.entries(table)) {
    for (const located of locate(input ?? {}, path)) problems.push(...problemsFor(located, constraint));
  }
  return problems;
}

/**
 * Throws `code` (ValidationException unless a service answers constraint violations with another,
 * as CloudWatch Logs does with InvalidParameterException) with AWS's "N validation errors detected: …".
 */
export function validateInput(input: unknown, table: ValidationTable, code = 'ValidationException'): void {
  const problems = findViolations(input, table);
  if (problems.length === 0) return;
  const noun = problems.length === 1 ? 'validation error' : 'validation errors';
  throw new AwsError(code, `${problems.length} ${noun} detected: ${problems.join('; ')}`);
}
