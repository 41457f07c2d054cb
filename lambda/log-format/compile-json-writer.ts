import type { LogFields } from './compile-log-format.js';
import { decodeValue, type LogEscape } from './decode-value.js';
import { planFormat, type Step } from './plan-format.js';
import {
  NEEDS_DECODING,
  PART_NAMES,
  QUOTE,
  copyUntil,
  hasBytesAt,
  indexOfBytes,
  isDigit,
  isJsonDecimal,
  isJsonInteger,
  isMethodByte,
  isProtocol,
  putDecoded,
  putQuoted,
  putRaw,
  putWords,
  readWordsLE,
  toWords,
  type ByteViews,
} from './json-bytes.js';
import { writeSource, type WritePlan } from './specialise-write.js';
import { TIME_LOCAL_BYTES as TIME_LOCAL_LENGTH, TIME_LOCAL_ISO_BYTES, writeTimeLocalIso } from './time-local.js';

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
   * Writes the JSON object of the line in `line[0, length)`, plus "\n", into `out` from `at` (which
   * must have maxBytes free) and returns where it ends; -1 when the full parser must handle the line.
   */
  write(line: Buffer, length: number, out: Buffer, at: number): number;
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
  // Text with escapes: fieldValues decodes it again.
  Escaped,
}

const ISO8601 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/;
const NULL = toWords(Buffer.from('null', 'latin1'));
/** Every byte a $time_local that writeTimeLocalIso accepts can hold (digits, month names, `/`, `:`, ` `, `+`, `-`), and more. */
const TIME_LOCAL_BYTE = /[0-9A-Za-z/: +-]/;
// Room putWords may write past the end of what it writes (a key, a null, a time).
const WORD_SLACK = 3;

/** Options of compileJsonLineWriter. */
export interface JsonLineWriterOptions {
  /** Whether fieldValues() will be called (default true); without it, write() keeps no field positions. */
  readonly fieldValues?: boolean;
}

/** A JsonLineWriter for `format`, or undefined when the escape mode or the format's text rule out the shortcut, or Node may not compile code. */
export function compileJsonLineWriter(format: string, escape: LogEscape, options: JsonLineWriterOptions = {}): JsonLineWriter | undefined {
  const { prefix, steps } = planFormat(format);
  const isPrintable = (text: string) => /^[\x20-\x7e]*$/.test(text);
  if (escape !== 'default' || !isPrintable(prefix) || !steps.every((step) => isPrintable(step.literal))) return undefined;
  const fields = steps.flatMap((step: Step) => [step.name, ...step.requestKeys]);
  // A variable logged twice is one key to parse(); written twice it would be a duplicate JSON key.
  if (new Set(fields).size !== fields.length) return undefined;
  const prefixBytes = Buffer.from(prefix, 'latin1');
  const compiled = steps.map((step, i) => ({
    step,
    kind: step.kind,
    isTime: step.isTime,
    hasParts: step.requestKeys.length > 0,
    literal: Buffer.from(step.literal, 'latin1'),
    key: Buffer.from(`${i === 0 ? '{' : ','}${JSON.stringify(step.name)}:`, 'latin1'),
    partKeys: step.requestKeys.map((key) => toWords(Buffer.from(`,${JSON.stringify(key)}:`, 'latin1'))),
    partIndexes: Int32Array.from(step.requestKeys, (key) => PART_NAMES.indexOf(key) * 2),
    // A $time_local is 26 bytes: where the literal after it cannot begin inside one, the literal found 26 bytes
    // on is the first one there, so its 26 bytes need no scan (they are checked as a time all the same).
    endsAfterTimeLocal: step.kind === 'time-local' && !TIME_LOCAL_BYTE.test(step.literal.charAt(0)),
  }));
  // Where each step's fields start in the span arrays: its own, then its request parts.
  const firstFields = compiled.map((_, i) => compiled.slice(0, i).reduce((sum, c) => sum + 1 + c.step.requestKeys.length, 0));
  const fieldIndex = new Map(fields.map((name, index) => [name, index]));
  const keyBytes = compiled.reduce((sum, c) => sum + c.key.length + c.partKeys.reduce((s, k) => s + k.length, 0), 0);
  const spanKind = new Uint8Array(fields.length);
  const spanStart = new Int32Array(fields.length);
  const spanEnd = new Int32Array(fields.length);
  let out: Buffer = Buffer.alloc(0);
  let view = new DataView(out.buffer, out.byteOffset, out.length);
  let current: Buffer = out;
  // The line's and the output's views, for copies four bytes at a time; remade only when either buffer changes.
  const views: ByteViews = { line: view, out: view };
  let eventTimeMs: number | undefined;
  let o = 0;
  // The last $time_local seen, as written and as ISO bytes: consecutive lines mostly share their second.
  // The $time_local as six words and a last half-word: compared whole, not byte by byte.
  const lastTimeLocal = new Int32Array(7);
  const lastIso = Buffer.alloc(TIME_LOCAL_ISO_BYTES);
  // lastIso with its quotes, and as words for putWords.
  const lastIsoQuoted = Buffer.alloc(TIME_LOCAL_ISO_BYTES + 2);
  const lastIsoWords = { words: new Int32Array(Math.ceil((TIME_LOCAL_ISO_BYTES + 2) / 4)), length: TIME_LOCAL_ISO_BYTES + 2 };

  // The caller checked that the line holds TIME_LOCAL_LENGTH bytes at `start`.
  const isLastTimeLocal = (line: DataView, start: number): boolean =>
    line.getInt32(start) === lastTimeLocal[0] &&
    line.getInt32(start + 4) === lastTimeLocal[1] &&
    line.getInt32(start + 8) === lastTimeLocal[2] &&
    line.getInt32(start + 12) === lastTimeLocal[3] &&
    line.getInt32(start + 16) === lastTimeLocal[4] &&
    line.getInt32(start + 20) === lastTimeLocal[5] &&
    line.getUint16(start + 24) === lastTimeLocal[6];
  const keepTimeLocal = (line: DataView, start: number): void => {
    for (let j = 0; j < 6; j += 1) lastTimeLocal[j] = line.getInt32(start + 4 * j);
    lastTimeLocal[6] = line.getUint16(start + 24);
  };
  let lastEpochMs = Number.NaN;

  // Where each field's value lies, for fieldValues(). A deployment without drop rules never asks, so its
  // writer records nothing: the no-op is inlined away, where the stores cost as much as a short value's copy.
  const recordSpans = options.fieldValues ?? true;
  const span = recordSpans
    ? (field: number, kind: Span, start: number, end: number): void => {
        spanKind[field] = kind;
        spanStart[field] = start;
        spanEnd[field] = end;
      }
    : (): void => {};

  const partBounds = new Int32Array(6);
  const putRequestParts = (line: Buffer, start: number, end: number, firstField: number, c: (typeof compiled)[number]): void => {
    // The first and the last space: the method and the protocol are short, so scan in from both ends.
    let first = start;
    while (first < end && line[first] !== 0x20) first += 1;
    if (first === end) first = -1;
    let last = end - 1;
    while (last >= start && line[last] !== 0x20) last -= 1;
    let method = first > start;
    for (let i = start; method && i < first; i += 1) method = isMethodByte(line[i]);
    // Bounds of method, uri and protocol, in that order; an empty part (start === end) is null.
    const bounds = partBounds;
    if (method && last > first && isProtocol(line, last + 1, end) && last > first + 1) {
      bounds[0] = start;
      bounds[1] = first;
      bounds[2] = first + 1;
      bounds[3] = last;
      bounds[4] = last + 1;
      bounds[5] = end;
    } else if (method && last === first && first + 1 < end) {
      bounds[0] = start;
      bounds[1] = first;
      bounds[2] = first + 1;
      bounds[3] = end;
      bounds[4] = 0;
      bounds[5] = 0;
    } else {
      for (let k = 0; k < 6; k += 1) bounds[k] = 0;
    }
    for (let k = 0; k < c.partKeys.length; k += 1) {
      o = putWords(view, o, c.partKeys[k] as (typeof c.partKeys)[number]);
      const part = c.partIndexes[k] as number;
      const from = bounds[part] as number;
      const to = bounds[part + 1] as number;
      if (from === to) {
        o = putWords(view, o, NULL);
        span(firstField + k, Span.Null, 0, 0);
      } else {
        // Part of the request, whose bytes were checked when it was written.
        out[o++] = QUOTE;
        o = putRaw(out, o, line, from, to, views);
        out[o++] = QUOTE;
        span(firstField + k, Span.Text, from, to);
      }
    }
  };

  const putNull = (c: (typeof compiled)[number], field: number): void => {
    o = putWords(view, o, NULL);
    span(field, Span.Null, 0, 0);
    if (c.hasParts) putRequestParts(current, 0, 0, field + 1, c);
  };

  // Text values are scanned and copied in one pass; returns where the value ends, or -1 to decline the line.
  const putText = (line: Buffer, c: (typeof compiled)[number], field: number, start: number, limit: number, isLast: boolean): number => {
    const valueAt = o;
    let end: number;
    if (isLast) {
      end = limit;
      o = putQuoted(out, o, line, start, end, views);
    } else {
      out[o] = QUOTE;
      end = copyUntil(line, start, limit, c.literal, out, o + 1, views);
      o = end < 0 ? -1 : o + 1 + (end - start);
      if (o >= 0) out[o++] = QUOTE;
      else if (end === NEEDS_DECODING) end = indexOfBytes(line, c.literal, start, limit);
    }
    if (end < 0) return -1;
    if (o < 0) {
      // A backslash: \xHH escapes to decode, which the request's split does not handle.
      if (c.hasParts) return -1;
      o = putDecoded(out, valueAt, line, start, end);
      if (o < 0) return -1;
      span(field, Span.Escaped, start, end);
      return end;
    }
    if (end - start === 1 && line[start] === 0x2d) {
      o = valueAt;
      putNull(c, field);
      return end;
    }
    span(field, Span.Text, start, end);
    if (c.hasParts) putRequestParts(line, start, end, field + 1, c);
    return end;
  };

  const putTimeLocal = (line: Buffer, c: (typeof compiled)[number], field: number, start: number, end: number): boolean => {
    if (end - start !== TIME_LOCAL_LENGTH) return false;
    if (Number.isNaN(lastEpochMs) || !isLastTimeLocal(views.line, start)) {
      const epochMs = writeTimeLocalIso(line, start, lastIso, 0);
      if (Number.isNaN(epochMs)) return false;
      keepTimeLocal(views.line, start);
      lastIsoQuoted[0] = QUOTE;
      lastIsoQuoted.set(lastIso, 1);
      lastIsoQuoted[TIME_LOCAL_ISO_BYTES + 1] = QUOTE;
      readWordsLE(lastIsoQuoted, lastIsoWords.words);
      lastEpochMs = epochMs;
    }
    o = putWords(view, o, lastIsoWords);
    span(field, Span.Iso, start, end);
    if (c.isTime) eventTimeMs = lastEpochMs;
    return true;
  };

  const putValue = (line: Buffer, c: (typeof compiled)[number], field: number, start: number, end: number): boolean => {
    if (end - start === 1 && line[start] === 0x2d) {
      putNull(c, field);
      return true;
    }
    switch (c.kind) {
      case 'integer':
      case 'number':
        if (start === end) {
          o = putWords(view, o, NULL);
          span(field, Span.Null, 0, 0);
          return true;
        }
        if (!(c.kind === 'integer' ? isJsonInteger(line, start, end) : isJsonDecimal(line, start, end))) return false;
        o = putRaw(out, o, line, start, end, views);
        span(field, Span.Number, start, end);
        if (c.isTime) eventTimeMs = Math.round(Number(line.toString('latin1', start, end)) * 1000);
        return true;
      case 'upstream-list':
        // "00.1" is a number to parse() but not valid JSON as written: leave it to the full parser.
        if (line[start] === 48 && isDigit(line[start + 1])) return false;
        if (isJsonDecimal(line, start, end)) {
          o = putRaw(out, o, line, start, end, views);
          span(field, Span.Number, start, end);
          return true;
        }
        span(field, Span.Text, start, end);
        o = putQuoted(out, o, line, start, end, views);
        return o >= 0;
      case 'time-local':
        return putTimeLocal(line, c, field, start, end);
      case 'time-iso8601': {
        const text = line.toString('latin1', start, end);
        const epochMs = ISO8601.test(text) ? Date.parse(text) : Number.NaN;
        if (Number.isNaN(epochMs)) return false;
        if (c.isTime) eventTimeMs = epochMs;
        span(field, Span.Text, start, end);
        o = putQuoted(out, o, line, start, end, views);
        return o >= 0;
      }
      default:
        return false;
    }
  };

  // Every value is copied at most twice ($request and its parts) around fixed keys, ISO times and nulls;
  // an escape (\xHH, 4 bytes) becomes at most \u00hh (6 bytes), and a lone backslash 2.
  const maxBytes = (lineLength: number): number => keyBytes + 2 * lineLength + 40 * fields.length + 2 + WORD_SLACK;

  // What every line starts with, before its steps: returns the line's length without its newline, or -1.
  const begin = (line: Buffer, lineLength: number, target: Buffer, at: number): number => {
    let length = lineLength;
    if (line[length - 1] === 0x0a) length -= line[length - 2] === 0x0d ? 2 : 1;
    if (length < prefixBytes.length || !hasBytesAt(line, prefixBytes, 0)) return -1;
    if (target !== out) {
      out = target;
      view = new DataView(target.buffer, target.byteOffset, target.length);
      views.out = view;
    }
    if (line !== current) views.line = new DataView(line.buffer, line.byteOffset, line.length);
    current = line;
    eventTimeMs = undefined;
    o = at;
    return length;
  };

  const plan: WritePlan = {
    prefixLength: prefixBytes.length,
    steps: compiled.map((c, i) => ({
      isText: c.kind === 'string' || c.kind === 'request',
      // The key as little-endian words, for the generated write()'s constant stores.
      keyWords: Array.from(toWords(c.key).words),
      keyLength: c.key.length,
      literal: [...c.literal],
      field: firstFields[i] as number,
      endsAfterTimeLocal: c.endsAfterTimeLocal,
    })),
  };
  const helpers = {
    begin,
    getView: () => view,
    getO: () => o,
    setO: (at: number) => {
      o = at;
    },
    putText,
    putValue,
    indexOfBytes,
    steps: compiled,
  };
  let write: JsonLineWriter['write'];
  try {
    // The source holds only integers and fixed code (see specialise-write.ts), never text of the format.
    write = new Function('H', writeSource(plan))(helpers) as JsonLineWriter['write'];
  } catch (error) {
    // Node run with --disallow-code-generation-from-strings: every line takes the full parser instead.
    if (error instanceof EvalError) return undefined;
    throw error;
  }

  const fieldValues = (names: readonly string[]): LogFields => {
    if (!recordSpans) throw new Error('fieldValues() of a writer compiled with fieldValues: false');
    const values: LogFields = {};
    for (const name of names) {
      const index = fieldIndex.get(name);
      if (index === undefined) continue;
      const kind = spanKind[index];
      if (kind === Span.Null) values[name] = null;
      // Only the last $time_local seen is kept, and a format logs it once.
      else if (kind === Span.Iso) values[name] = lastIso.toString('latin1');
      else {
        const text = current.toString('latin1', spanStart[index], spanEnd[index]);
        values[name] = kind === Span.Number ? Number(text) : kind === Span.Escaped ? (decodeValue(text, 'default', true) ?? text) : text;
      }
    }
    return values;
  };

  return { maxBytes, write, eventTimeMs: () => eventTimeMs, fieldValues };
}
