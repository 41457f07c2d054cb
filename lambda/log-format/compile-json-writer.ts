import type { LogFields } from './compile-log-format.js';
import type { LogEscape } from './decode-value.js';
import { planFormat, type Step } from './plan-format.js';
import {
  PART_NAMES,
  QUOTE,
  hasBytesAt,
  indexOfBytes,
  isDigit,
  isJsonDecimal,
  isJsonInteger,
  isMethodByte,
  isProtocol,
  put,
  putQuoted,
  putRaw,
} from './json-bytes.js';
import { parseTimeLocal } from './time-local.js';

/**
 * Turns the common line straight into its JSON bytes, without building strings or objects.
 * It gives the same JSON values as JSON.stringify(parse(line).fields) and declines (undefined)
 * every line that needs more (escapes, bytes outside printable ASCII, odd numbers, lines that do
 * not match), so the full parser stays the one definition of the output.
 */
export interface JsonLineWriter {
  /** The most bytes write() may need for a line of `lineLength` bytes. */
  maxBytes(lineLength: number): number;
  /**
   * Writes the line's JSON object plus "\n" into `out` from `at` (which must have maxBytes free)
   * and returns where it ends; -1 when the full parser must handle the line.
   */
  write(line: Buffer, out: Buffer, at: number): number;
  /** The event time of the line last written, in epoch milliseconds. */
  eventTimeMs(): number | undefined;
  /** The named fields of the line last written, valued as parse() values them; valid until the next write. */
  fieldValues(names: readonly string[]): LogFields;
}

const enum Span {
  Null,
  Text,
  Number,
  Iso,
}

const ISO8601 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/;
const NULL = Buffer.from('null', 'latin1');

/** A JsonLineWriter for `format`, or undefined when the escape mode or the format's text rule out the shortcut. */
export function compileJsonLineWriter(format: string, escape: LogEscape): JsonLineWriter | undefined {
  const { prefix, steps } = planFormat(format);
  const isPrintable = (text: string) => /^[\x20-\x7e]*$/.test(text);
  if (escape !== 'default' || !isPrintable(prefix) || !steps.every((step) => isPrintable(step.literal))) return undefined;
  const fields = steps.flatMap((step: Step) => [step.name, ...step.requestKeys]);
  // A variable logged twice is one key to parse(); written twice it would be a duplicate JSON key.
  if (new Set(fields).size !== fields.length) return undefined;
  const prefixBytes = Buffer.from(prefix, 'latin1');
  const compiled = steps.map((step, i) => ({
    step,
    literal: Buffer.from(step.literal, 'latin1'),
    key: Buffer.from(`${i === 0 ? '{' : ','}${JSON.stringify(step.name)}:`, 'latin1'),
    partKeys: step.requestKeys.map((key) => Buffer.from(`,${JSON.stringify(key)}:`, 'latin1')),
  }));
  const fieldIndex = new Map(fields.map((name, index) => [name, index]));
  const keyBytes = compiled.reduce((sum, c) => sum + c.key.length + c.partKeys.reduce((s, k) => s + k.length, 0), 0);
  const spanKind = new Uint8Array(fields.length);
  const spanStart = new Int32Array(fields.length);
  const spanEnd = new Int32Array(fields.length);
  const isoTexts: string[] = new Array(fields.length).fill('');
  let out: Buffer = Buffer.alloc(0);
  let current: Buffer = out;
  let eventTimeMs: number | undefined;
  let o = 0;

  const span = (field: number, kind: Span, start: number, end: number): void => {
    spanKind[field] = kind;
    spanStart[field] = start;
    spanEnd[field] = end;
  };

  const partBounds = new Int32Array(6);
  const putRequestParts = (line: Buffer, start: number, end: number, firstField: number, keys: readonly Buffer[], names: readonly string[]): void => {
    let first = -1;
    let last = -1;
    for (let i = start; i < end; i += 1) {
      if (line[i] !== 0x20) continue;
      if (first < 0) first = i;
      last = i;
    }
    let method = first > start;
    for (let i = start; method && i < first; i += 1) method = isMethodByte(line[i]);
    // Bounds of method, uri and protocol, in that order; an empty part (start === end) is null.
    const bounds = partBounds;
    bounds.fill(0);
    if (method && last > first && isProtocol(line, last + 1, end) && last > first + 1) {
      bounds.set([start, first, first + 1, last, last + 1, end]);
    } else if (method && last === first && first + 1 < end) {
      bounds.set([start, first, first + 1, end]);
    }
    for (let k = 0; k < names.length; k += 1) {
      o = put(out, o, keys[k] as Buffer);
      const part = PART_NAMES.indexOf(names[k] as string) * 2;
      const from = bounds[part] as number;
      const to = bounds[part + 1] as number;
      if (from === to) {
        o = put(out, o, NULL);
        span(firstField + k, Span.Null, 0, 0);
      } else {
        o = putQuoted(out, o, line, from, to);
        span(firstField + k, Span.Text, from, to);
      }
    }
  };

  const putValue = (line: Buffer, c: (typeof compiled)[number], field: number, start: number, end: number): boolean => {
    const { step } = c;
    if (end - start === 1 && line[start] === 0x2d) {
      o = put(out, o, NULL);
      span(field, Span.Null, 0, 0);
      if (step.requestKeys.length > 0) putRequestParts(line, 0, 0, field + 1, c.partKeys, step.requestKeys);
      return true;
    }
    switch (step.kind) {
      case 'integer':
      case 'number':
        if (start === end) {
          o = put(out, o, NULL);
          span(field, Span.Null, 0, 0);
          return true;
        }
        if (!(step.kind === 'integer' ? isJsonInteger(line, start, end) : isJsonDecimal(line, start, end))) return false;
        o = putRaw(out, o, line, start, end);
        span(field, Span.Number, start, end);
        if (step.isTime) eventTimeMs = Math.round(Number(line.toString('latin1', start, end)) * 1000);
        return true;
      case 'upstream-list':
        // "00.1" is a number to parse() but not valid JSON as written: leave it to the full parser.
        if (line[start] === 48 && isDigit(line[start + 1])) return false;
        if (isJsonDecimal(line, start, end)) {
          o = putRaw(out, o, line, start, end);
          span(field, Span.Number, start, end);
          return true;
        }
        span(field, Span.Text, start, end);
        o = putQuoted(out, o, line, start, end);
        return o >= 0;
      case 'time-local': {
        const time = end - start === 26 ? parseTimeLocal(line.toString('latin1', start, end)) : undefined;
        if (time === undefined) return false;
        out[o++] = QUOTE;
        o += out.write(time.iso, o, 'latin1');
        out[o++] = QUOTE;
        isoTexts[field] = time.iso;
        span(field, Span.Iso, start, end);
        if (step.isTime) eventTimeMs = time.epochMs;
        return true;
      }
      case 'time-iso8601': {
        const text = line.toString('latin1', start, end);
        const epochMs = ISO8601.test(text) ? Date.parse(text) : Number.NaN;
        if (Number.isNaN(epochMs)) return false;
        if (step.isTime) eventTimeMs = epochMs;
        span(field, Span.Text, start, end);
        o = putQuoted(out, o, line, start, end);
        return o >= 0;
      }
      case 'string':
      case 'request':
        span(field, Span.Text, start, end);
        o = putQuoted(out, o, line, start, end);
        if (o < 0) return false;
        if (step.requestKeys.length > 0) putRequestParts(line, start, end, field + 1, c.partKeys, step.requestKeys);
        return true;
    }
  };

  // Every value is copied at most twice ($request and its parts) around fixed keys, ISO times and nulls.
  const maxBytes = (lineLength: number): number => keyBytes + 2 * lineLength + 40 * fields.length + 2;

  const write = (line: Buffer, target: Buffer, at: number): number => {
    let length = line.length;
    if (line[length - 1] === 0x0a) length -= line[length - 2] === 0x0d ? 2 : 1;
    if (length < prefixBytes.length || !hasBytesAt(line, prefixBytes, 0)) return -1;
    out = target;
    current = line;
    eventTimeMs = undefined;
    o = at;
    let position = prefixBytes.length;
    let field = 0;
    for (let i = 0; i < compiled.length; i += 1) {
      const c = compiled[i] as (typeof compiled)[number];
      let end: number;
      if (i < compiled.length - 1) {
        end = indexOfBytes(line, c.literal, position, length);
        if (end < 0) return -1;
      } else {
        end = length - c.literal.length;
        if (end < position || !hasBytesAt(line, c.literal, end)) return -1;
      }
      o = put(out, o, c.key);
      if (!putValue(line, c, field, position, end)) return -1;
      position = end + c.literal.length;
      field += 1 + c.step.requestKeys.length;
    }
    out[o++] = 0x7d;
    out[o++] = 0x0a;
    return o;
  };

  const fieldValues = (names: readonly string[]): LogFields => {
    const values: LogFields = {};
    for (const name of names) {
      const index = fieldIndex.get(name);
      if (index === undefined) continue;
      const kind = spanKind[index];
      const text = kind === Span.Null ? null : kind === Span.Iso ? (isoTexts[index] as string) : current.toString('latin1', spanStart[index], spanEnd[index]);
      values[name] = text !== null && kind === Span.Number ? Number(text) : text;
    }
    return values;
  };

  return { maxBytes, write, eventTimeMs: () => eventTimeMs, fieldValues };
}
