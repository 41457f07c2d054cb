/**
 * Declarative input validation as Kinesis's front end does it, in two steps: each member is read as its
 * model type (a value of the wrong JSON type is a SerializationException in Coral's words; base64 blobs
 * become bytes, timestamps Dates, integers are truncated), then every constraint is checked and the
 * violations become one ValidationException: "N validation errors detected: Value '…' at '…' failed to
 * satisfy constraint: …" (at most 10, as Kinesis stops there).
 */
import { AwsError, decodedCanonically, validationError } from '../shared/index.js';
import { EpochMillis } from './cbor.js';

export interface Shape {
  type: 'string' | 'integer' | 'boolean' | 'blob' | 'timestamp' | 'list' | 'map' | 'structure';
  required?: boolean;
  /** Characters of a string, bytes of a blob, items of a list, entries of a map. */
  length?: readonly [number, number];
  range?: readonly [number, number];
  /** Regular expression source, quoted verbatim in the message. */
  pattern?: string;
  enum?: readonly string[];
  member?: Shape;
  members?: Members;
  /** Length of every map key / value, reported as Kinesis reports them (one message for the map). */
  keyLength?: readonly [number, number];
  valueLength?: readonly [number, number];
  /** How a list member is shown in a message about the whole list (Coral prints Java object names). */
  display?: string;
}

export type Members = Readonly<Record<string, Shape>>;

const MAX_REPORTED = 10;
const MAX_INTEGER = 2_147_483_647;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BAD_BASE64 = /[^a-zA-Z0-9+/=]|=[^=]/;

const serialization = (message: string): AwsError => new AwsError('SerializationException', message);

function notExpected(value: unknown): AwsError | undefined {
  if (Array.isArray(value)) return serialization('Start of list found where not expected');
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && !(value instanceof EpochMillis) && !(value instanceof Date)) {
    return serialization('Start of structure or map found where not expected.');
  }
  return undefined;
}

const javaClass = (value: unknown): string =>
  typeof value === 'boolean' ? 'class java.lang.Boolean' : typeof value === 'number' ? 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber' : 'class java.lang.String';

/** Pure: a JSON base64 text or CBOR byte string as bytes; Coral's SerializationException otherwise. */
function readBlob(value: unknown): Buffer {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value !== 'string') throw notExpected(value) ?? serialization(`${javaClass(value)} can not be converted to a Blob`);
  if (value.length % 4 !== 0) {
    throw serialization(`'${value}' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: ${value.length}`);
  }
  // What Node's decoder made of it tells canonical base64 apart (no encoding back to compare); only what is not gets looked at closer.
  const bytes = Buffer.from(value, 'base64');
  if (decodedCanonically(value, bytes.length)) return bytes;
  if (!BASE64.test(value)) {
    const bad = BAD_BASE64.exec(value)?.[0]?.[0] ?? '=';
    throw serialization(`'${value}' can not be converted to a Blob: Invalid Base64 character: '${bad}'`);
  }
  throw serialization(`'${value}' can not be converted to a Blob: Invalid last non-pad Base64 character dectected`);
}

/**
 * A Shape as the hot path reads it: every field present on one class (the model's shapes are object
 * literals of many different property sets, so reading them field by field, per record, went through
 * megamorphic lookups), the pattern compiled, the members as an array. Made once per members table.
 */
class Plan {
  readonly type: Shape['type'];
  readonly required: boolean;
  readonly minLength: number;
  readonly maxLength: number;
  readonly minValue: number;
  readonly maxValue: number;
  readonly pattern: RegExp | undefined;
  readonly enumValues: readonly string[] | undefined;
  readonly keyLength: readonly [number, number] | undefined;
  readonly valueLength: readonly [number, number] | undefined;
  readonly member: Plan | undefined;
  readonly members: readonly MemberPlan[] | undefined;

  constructor(shape: Shape) {
    this.type = shape.type;
    this.required = shape.required === true;
    this.minLength = shape.length ? shape.length[0] : Number.NEGATIVE_INFINITY;
    this.maxLength = shape.length ? shape.length[1] : Number.POSITIVE_INFINITY;
    this.minValue = shape.range ? shape.range[0] : Number.NEGATIVE_INFINITY;
    this.maxValue = shape.range ? shape.range[1] : Number.POSITIVE_INFINITY;
    this.pattern = shape.pattern ? patternOf(shape.pattern) : undefined;
    this.enumValues = shape.enum;
    this.keyLength = shape.keyLength;
    this.valueLength = shape.valueLength;
    this.member = shape.member ? new Plan(shape.member) : undefined;
    this.members = shape.members ? membersPlan(shape.members) : undefined;
  }
}

interface MemberPlan { readonly name: string; readonly plan: Plan }

const membersPlan = (members: Members): MemberPlan[] => Object.keys(members).map((name) => ({ name, plan: new Plan(members[name]!) }));

const plans = new WeakMap<Members, readonly MemberPlan[]>();
function planOf(members: Members): readonly MemberPlan[] {
  let plan = plans.get(members);
  if (!plan) {
    plan = membersPlan(members);
    plans.set(members, plan);
  }
  return plan;
}

/** Pure: one member read as its model type; null and absent are both undefined. */
function readValue(value: unknown, shape: Plan): unknown {
  if (value === null || value === undefined) return undefined;
  switch (shape.type) {
    case 'string':
      if (typeof value === 'string') return value;
      throw notExpected(value) ?? serialization(`${javaClass(value)} can not be converted to an String`);
    case 'integer':
      if (typeof value === 'number' && Number.isFinite(value)) return Math.min(Math.floor(value), MAX_INTEGER);
      throw notExpected(value) ?? serialization(`${typeof value === 'number' ? 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber' : javaClass(value)} can not be converted to an Integer`);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string') throw serialization(`'${value.toUpperCase()}' can not be converted to an Boolean`);
      throw notExpected(value) ?? serialization(`${javaClass(value)} can not be converted to an Boolean`);
    case 'blob':
      return readBlob(value);
    case 'timestamp':
      // JSON sends epoch seconds (with a fraction); CBOR sends tag 1 over epoch milliseconds.
      if (value instanceof EpochMillis) return new Date(value.ms);
      if (value instanceof Date) return value;
      if (typeof value === 'number' && Number.isFinite(value)) return new Date(Math.round(value * 1000));
      throw notExpected(value) ?? serialization(`${javaClass(value)} can not be converted to milliseconds since epoch`);
    case 'list': {
      if (!Array.isArray(value)) throw (typeof value === 'object' ? serialization('Start of structure or map found where not expected.') : serialization('Expected list or null'));
      const member = shape.member!;
      const out = new Array<unknown>(value.length);
      for (let index = 0; index < value.length; index += 1) out[index] = readValue(value[index], member);
      return out;
    }
    case 'map': {
      if (Array.isArray(value)) throw serialization('Start of list found where not expected');
      if (typeof value !== 'object' || value instanceof Uint8Array) throw serialization('Expected map or null');
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) {
        const read = readValue(inner, shape.member!);
        if (read !== undefined) out[key] = read;
      }
      return out;
    }
    case 'structure':
      if (Array.isArray(value)) throw serialization('Start of list found where not expected');
      if (typeof value !== 'object' || value instanceof Uint8Array) throw serialization('Expected null');
      return readMembers(value as Record<string, unknown>, shape.members!);
  }
}

function readMembers(raw: Record<string, unknown>, members: readonly MemberPlan[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let index = 0; index < members.length; index += 1) {
    const { name, plan } = members[index]!;
    const read = readValue(raw[name], plan);
    if (read !== undefined) out[name] = read;
  }
  return out;
}

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

function display(value: unknown, shape: Shape): string {
  if (value === undefined) return 'null';
  if (shape.type === 'blob') {
    const length = (value as Buffer).length;
    return `'java.nio.HeapByteBuffer[pos=0 lim=${length} cap=${length}]'`;
  }
  if (shape.type === 'list') return `'[${(value as unknown[]).map((item) => shape.display ?? String(item)).join(', ')}]'`;
  if (shape.type === 'map') return `'{${Object.entries(value as object).map(([key, inner]) => `${key}=${String(inner)}`).join(', ')}}'`;
  if (value instanceof Date) return `'${value.toISOString()}'`;
  return `'${typeof value === 'object' ? JSON.stringify(value) : String(value)}'`;
}

const sizeOf = (value: unknown): number => (Array.isArray(value) || value instanceof Uint8Array ? value.length : typeof value === 'string' ? value.length : Object.keys(value as object).length);

const patterns = new Map<string, RegExp>();
const patternOf = (source: string): RegExp => {
  let pattern = patterns.get(source);
  if (!pattern) {
    pattern = new RegExp(`^(?:${source})$`);
    patterns.set(source, pattern);
  }
  return pattern;
};

const lengths = ([min, max]: readonly [number, number]): string =>
  `[Member must have length less than or equal to ${max}, Member must have length greater than or equal to ${min}]`;

/** True when `value` breaks none of its constraints; allocates nothing (valid input, nearly every call, takes only this walk). */
function passes(value: unknown, shape: Plan, listMember: boolean): boolean {
  if (value === undefined) return !(shape.required || listMember);
  if (shape.minLength !== Number.NEGATIVE_INFINITY) {
    const size = sizeOf(value);
    if (size < shape.minLength || size > shape.maxLength) return false;
  }
  if (typeof value === 'number' && (value < shape.minValue || value > shape.maxValue)) return false;
  if (typeof value === 'string' && ((shape.pattern !== undefined && !shape.pattern.test(value)) || (shape.enumValues !== undefined && !shape.enumValues.includes(value)))) return false;
  if (shape.type === 'map') {
    for (const [key, inner] of Object.entries(value as Record<string, string>)) {
      if (shape.keyLength && (key.length < shape.keyLength[0] || key.length > shape.keyLength[1])) return false;
      if (shape.valueLength && (inner.length < shape.valueLength[0] || inner.length > shape.valueLength[1])) return false;
    }
  }
  if (shape.type === 'list' && shape.member) {
    const items = value as unknown[];
    for (let index = 0; index < items.length; index += 1) if (!passes(items[index], shape.member, true)) return false;
  }
  if (shape.type === 'structure' && shape.members) {
    const { members } = shape;
    for (let index = 0; index < members.length; index += 1) {
      const { name, plan } = members[index]!;
      if (!passes((value as Record<string, unknown>)[name], plan, false)) return false;
    }
  }
  return true;
}

function report(problems: string[], value: unknown, shape: Shape, path: string, text: string): void {
  if (problems.length < MAX_REPORTED) problems.push(`Value ${display(value, shape)} at '${path}' failed to satisfy constraint: ${text}`);
}

/** Collects the violations of one value, worded; `listMember`: a list item, which may never be null. */
function check(value: unknown, shape: Shape, path: string, problems: string[], listMember = false): void {
  if (value === undefined) {
    if (shape.required || listMember) report(problems, value, shape, path, 'Member must not be null');
    return;
  }
  if (shape.length) {
    const size = sizeOf(value);
    if (size < shape.length[0]) report(problems, value, shape, path, `Member must have length greater than or equal to ${shape.length[0]}`);
    if (size > shape.length[1]) report(problems, value, shape, path, `Member must have length less than or equal to ${shape.length[1]}`);
  }
  if (shape.range && typeof value === 'number') {
    if (value < shape.range[0]) report(problems, value, shape, path, `Member must have value greater than or equal to ${shape.range[0]}`);
    if (value > shape.range[1]) report(problems, value, shape, path, `Member must have value less than or equal to ${shape.range[1]}`);
  }
  if (shape.pattern && typeof value === 'string' && !patternOf(shape.pattern).test(value)) report(problems, value, shape, path, `Member must satisfy regular expression pattern: ${shape.pattern}`);
  if (shape.enum && typeof value === 'string' && !shape.enum.includes(value)) report(problems, value, shape, path, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  if (shape.type === 'map') {
    const entries = Object.entries(value as Record<string, string>);
    if (shape.keyLength && entries.some(([key]) => key.length < shape.keyLength![0] || key.length > shape.keyLength![1])) report(problems, value, shape, path, `Map keys must satisfy constraint: ${lengths(shape.keyLength)}`);
    if (shape.valueLength && entries.some(([, inner]) => inner.length < shape.valueLength![0] || inner.length > shape.valueLength![1])) report(problems, value, shape, path, `Map value must satisfy constraint: ${lengths(shape.valueLength)}`);
  }
  if (shape.type === 'list' && shape.member) (value as unknown[]).forEach((item, index) => check(item, shape.member!, `${path}.${index + 1}.member`, problems, true));
  if (shape.type === 'structure' && shape.members) checkMembers(value as Record<string, unknown>, shape.members, `${path}.`, problems);
}

function checkMembers(input: Record<string, unknown>, members: Members, prefix: string, problems: string[]): void {
  for (const name in members) check(input[name], members[name]!, `${prefix}${lowerFirst(name)}`, problems);
}

/**
 * Pure: the request body (already decoded from JSON or CBOR) as the operation's input: members read as
 * their types, unknown members dropped, every constraint checked. Throws SerializationException or
 * ValidationException as Kinesis answers them.
 */
export function readInput<Input>(body: unknown, members: Members): Input {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || body instanceof Uint8Array) throw serialization('Start of structure or map found where not expected.');
  const plan = planOf(members);
  const input = readMembers(body as Record<string, unknown>, plan);
  let valid = true;
  for (const { name, plan: member } of plan) valid &&= passes(input[name], member, false);
  if (valid) return input as Input;
  const problems: string[] = [];
  checkMembers(input, members, '', problems);
  throw validationError(problems);
}
