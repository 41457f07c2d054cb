import { LogFormatError } from './errors.js';

/** One piece of a `log_format`: text nginx writes as is, or a variable whose value it writes. */
export type FormatSegment = { kind: 'literal'; text: string } | { kind: 'variable'; name: string };

const isNameChar = (code: number): boolean =>
  (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;

/** Splits a `log_format` string into literals and `$name` / `${name}` variables, as nginx's compiler does. */
export function tokenizeLogFormat(format: string): FormatSegment[] {
  const segments: FormatSegment[] = [];
  let literal = '';
  let i = 0;
  while (i < format.length) {
    if (format[i] !== '$') {
      literal += format[i];
      i += 1;
      continue;
    }
    const braced = format[i + 1] === '{';
    let end = i + (braced ? 2 : 1);
    const start = end;
    while (end < format.length && isNameChar(format.charCodeAt(end))) end += 1;
    const name = format.slice(start, end);
    if (name === '') throw new LogFormatError(`invalid variable at column ${i + 1}: "$" must be followed by a name`, format);
    if (braced) {
      if (format[end] !== '}') throw new LogFormatError(`unterminated "\${${name}" at column ${i + 1}`, format);
      end += 1;
    }
    if (literal !== '') segments.push({ kind: 'literal', text: literal });
    literal = '';
    segments.push({ kind: 'variable', name });
    i = end;
  }
  if (literal !== '') segments.push({ kind: 'literal', text: literal });
  return segments;
}
