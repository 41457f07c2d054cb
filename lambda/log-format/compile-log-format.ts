import { isAscii, isUtf8 } from 'node:buffer';
import { convertValue, type FieldValue } from './convert-value.js';
import type { LogEscape } from './decode-value.js';
import { splitRequest } from './split-request.js';
import { planFormat, type Step } from './plan-format.js';

/** A parsed line: variable names (without `$`) to typed values, plus method/uri/protocol from `$request`. */
export type LogFields = Record<string, FieldValue>;

/** The outcome of parsing one line; a line that does not match says why in `reason`. */
export type ParsedLine =
  | { readonly ok: true; readonly fields: LogFields; readonly eventTimeMs: number | undefined }
  | { readonly ok: false; readonly reason: string };

/** A parser compiled once from a `log_format` string. */
export interface LogFormatParser {
  readonly format: string;
  readonly escape: LogEscape;
  /** Every key a parsed line has, in output order. */
  readonly fields: readonly string[];
  /** The variable whose value is the event's time (`time_local`, `time_iso8601` or `msec`), if any. */
  readonly timeVariable: string | undefined;
  /** Parses one line; bytes are read as UTF-8 when valid, else byte by byte. A trailing newline is ignored. */
  parse(line: string | Uint8Array): ParsedLine;
}

// How many later splits an escape=none line may try before it is an error line.
const AMBIGUITY_BUDGET = 64;

const quote = (text: string): string => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

// Under escape=json a quote inside a value is written \" : a literal preceded by an odd run of backslashes is not one.
const findLiteral = (line: string, literal: string, from: number, escape: LogEscape): number => {
  let index = line.indexOf(literal, from);
  if (escape !== 'json') return index;
  while (index >= 0) {
    let backslashes = 0;
    while (index - backslashes - 1 >= from && line.charCodeAt(index - backslashes - 1) === 92) backslashes += 1;
    if (backslashes % 2 === 0) return index;
    index = line.indexOf(literal, index + 1);
  }
  return index;
};

/**
 * Compiles an nginx `log_format` string (with `$var` / `${var}` variables) into a line parser.
 * The parser scans left to right, reading each variable up to the text that follows it in the
 * format, so under nginx's default and json escaping it runs in time linear in the line and never
 * backtracks. Under escape=none a value may contain that text (a quote in a user agent, or in the
 * random bytes of a TLS probe's "request"), so a split whose rest does not match is retried with the
 * value running to the text's next occurrence, at most AMBIGUITY_BUDGET times a line.
 * Throws LogFormatError when the format cannot be parsed unambiguously.
 */
export function compileLogFormat(format: string, escape: LogEscape = 'default'): LogFormatParser {
  const { prefix, steps } = planFormat(format);
  const timeStep = steps.find((step) => step.isTime);
  const fields = steps.flatMap((step) => [step.name, ...step.requestKeys]);
  const lastIndex = steps.length - 1;
  // Cloning an object that already has every key, in order, keeps one hidden class and fast stores.
  const template: LogFields = Object.fromEntries(fields.map((name) => [name, null]));

  // The line being parsed; parse is synchronous, so one holder serves every call.
  const line_ = { text: '', isUtf8: true, parsed: template, eventTimeMs: undefined as number | undefined, attempts: 0 };
  // Reads steps from `first` on; returns undefined when the rest of the line matched, else why not.
  const scan = (first: number, start: number): string | undefined => {
    const { text } = line_;
    let position = start;
    for (let i = first; i <= lastIndex; i += 1) {
      const step = steps[i] as Step;
      let end: number;
      if (i < lastIndex) {
        end = findLiteral(text, step.literal, position, escape);
        if (end < 0) return `expected ${quote(step.literal)} after $${step.name} (column ${position + 1})`;
      } else {
        // The format's closing text anchors at the end of the line, so the last value may contain it.
        end = text.length - step.literal.length;
        if (end < position || !text.endsWith(step.literal)) return `line does not end with ${quote(step.literal)}`;
      }
      let firstReason: string | undefined;
      for (;;) {
        const raw = text.slice(position, end);
        const converted = convertValue(raw, step.kind, escape, line_.isUtf8);
        let reason: string | undefined;
        if ('value' in converted) {
          const { parsed } = line_;
          parsed[step.name] = converted.value;
          if (step.isTime) line_.eventTimeMs = converted.epochMs;
          if (step.requestKeys.length > 0) {
            const parts = splitRequest(typeof converted.value === 'string' ? converted.value : '');
            for (const key of step.requestKeys) parsed[key] = parts[key];
          }
          // Under escape=none a value may hold the text that follows it, so a split that fails later is
          // retried with this value running to the next occurrence of that text (a bounded number of times).
          if (escape !== 'none' || i === lastIndex) break;
          reason = scan(i + 1, end + step.literal.length);
          if (reason === undefined) return undefined;
        } else {
          reason = `$${step.name}: expected ${converted.expected}, got ${quote(raw)}`;
          if (escape !== 'none') return reason;
        }
        // The leftmost split's reason is the one a reader of the line would look for.
        firstReason ??= reason;
        const next = i < lastIndex && line_.attempts > 0 ? text.indexOf(step.literal, end + 1) : -1;
        if (next < 0) return firstReason;
        line_.attempts -= 1;
        end = next;
      }
      position = end + step.literal.length;
    }
    return undefined;
  };

  const parse = (line: string | Uint8Array): ParsedLine => {
    let text: string;
    let lineIsUtf8 = true;
    if (typeof line === 'string') {
      text = line;
    } else {
      const bytes = Buffer.isBuffer(line) ? line : Buffer.from(line.buffer, line.byteOffset, line.byteLength);
      // nginx's default escaping makes every line ASCII: the cheapest check comes first.
      if (isAscii(bytes)) text = bytes.toString('latin1');
      else if (isUtf8(bytes)) text = bytes.toString('utf8');
      else {
        lineIsUtf8 = false;
        text = bytes.toString('latin1');
      }
    }
    if (text.endsWith('\n')) text = text.slice(0, text.endsWith('\r\n') ? -2 : -1);
    if (!text.startsWith(prefix)) return { ok: false, reason: `line does not start with ${quote(prefix)}` };
    line_.text = text;
    line_.isUtf8 = lineIsUtf8;
    line_.parsed = { ...template };
    line_.eventTimeMs = undefined;
    line_.attempts = AMBIGUITY_BUDGET;
    const reason = scan(0, prefix.length);
    if (reason !== undefined) return { ok: false, reason };
    return { ok: true, fields: line_.parsed, eventTimeMs: line_.eventTimeMs };
  };

  return { format, escape, fields, timeVariable: timeStep?.name, parse };
}
