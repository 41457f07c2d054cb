/**
 * Declarative input validation: each operation lists its member constraints from the Smithy model
 * (reference §2–3) as a table; violations become one ValidationException with AWS's wording.
 */
import { validationError } from '../shared/index.js';
import { serializationError } from './errors.js';

export interface Constraint {
  required?: boolean;
  type?: 'string' | 'number' | 'boolean' | 'list' | 'object';
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

const display = (value: unknown): string => (typeof value === 'object' ? `'${JSON.stringify(value)}'` : `'${String(value)}'`);

function typeOf(value: unknown): Constraint['type'] {
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'object';
  return typeof value as Constraint['type'];
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
function checkValue(value: unknown, constraint: Constraint, path: string, report: (text: string) => void): void {
  if (constraint.type && typeOf(value) !== constraint.type) {
    throw serializationError(`Unexpected value type at '${path}': expected ${constraint.type}, got ${typeOf(value)}`);
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
  checkValue(value, constraint, path, (text) => problems.push(violation(value, path, text)));
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
    checkValue(value, constraint, '', stopAtFirst);
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

/** Throws ValidationException ("N validation errors detected: …") when `input` breaks `table`. */
export function validateInput(input: unknown, table: ValidationTable): void {
  const problems = findViolations(input, table);
  if (problems.length > 0) throw validationError(problems);
}
