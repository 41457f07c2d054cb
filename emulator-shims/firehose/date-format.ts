/**
 * The subset of Java's DateTimeFormatter pattern language that Firehose prefixes use
 * (`!{timestamp:yyyy/MM/dd/HH}`), evaluated in an IANA time zone. Pure: no clock, no I/O.
 */

export interface DateParts {
  year: number; month: number; day: number; hour: number; minute: number; second: number; millisecond: number;
  weekday: number; // 1 = Monday … 7 = Sunday (ISO, as Java's DayOfWeek)
  dayOfYear: number;
  offsetMinutes: number;
}

type Token = { kind: 'literal'; text: string } | { kind: 'field'; letter: string; count: number };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
// Letters the formatter understands here; every other ASCII letter is reserved or unsupported in Java too.
const SUPPORTED = new Set(['y', 'u', 'M', 'L', 'd', 'D', 'H', 'h', 'k', 'K', 'm', 's', 'S', 'a', 'E', 'e', 'Q', 'q', 'X', 'x', 'Z', 'z', 'V', 'O', 'G']);

/** Splits a pattern into literals and fields; throws an Error naming the problem for an invalid pattern. */
export function parseJavaDatePattern(pattern: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < pattern.length) {
    const char = pattern[index] as string;
    if (char === "'") {
      const end = pattern.indexOf("'", index + 1);
      if (end === -1) throw new Error(`Pattern ends with an incomplete string literal: ${pattern}`);
      // '' is an escaped single quote, inside or outside a quoted run.
      tokens.push({ kind: 'literal', text: end === index + 1 ? "'" : pattern.slice(index + 1, end) });
      index = end + 1;
      continue;
    }
    if (/[A-Za-z]/.test(char)) {
      let count = 1;
      while (pattern[index + count] === char) count += 1;
      if (!SUPPORTED.has(char)) throw new Error(`Unknown pattern letter: ${char}`);
      tokens.push({ kind: 'field', letter: char, count });
      index += count;
      continue;
    }
    if (char === '[' || char === ']' || char === '{' || char === '}' || char === '#') {
      throw new Error(`Pattern includes reserved character: '${char}'`);
    }
    tokens.push({ kind: 'literal', text: char });
    index += 1;
  }
  return tokens;
}

let canonicalZones: ReadonlySet<string> | undefined;

/**
 * True when `timeZone` is a zone name this runtime (and so the formatter) knows. The canonical names and UTC are
 * looked up; only another spelling is put to DateTimeFormat, whose first use loads the locale's data (20-30 ms, in
 * CreateDeliveryStream on `make up`'s path otherwise).
 */
export function isKnownTimeZone(timeZone: string): boolean {
  if (timeZone === 'UTC' || (canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'))).has(timeZone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

/** Calendar fields of `epochMs` as seen in `timeZone`. */
export function datePartsIn(epochMs: number, timeZone: string): DateParts {
  let formatter = partFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    partFormatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const year = parts.year ?? 1970;
  const month = parts.month ?? 1;
  const day = parts.day ?? 1;
  const hour = parts.hour ?? 0;
  const minute = parts.minute ?? 0;
  const second = parts.second ?? 0;
  const millisecond = ((epochMs % 1000) + 1000) % 1000;
  const localAsUtc = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  const offsetMinutes = Math.round((localAsUtc - epochMs) / 60_000);
  const jsDay = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const dayOfYear = Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  return { year, month, day, hour, minute, second, millisecond, weekday: jsDay === 0 ? 7 : jsDay, dayOfYear, offsetMinutes };
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

function formatOffset(offsetMinutes: number, colon: boolean, zForZero: boolean): string {
  if (offsetMinutes === 0 && zForZero) return 'Z';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(absolute / 60), 2)}${colon ? ':' : ''}${pad(absolute % 60, 2)}`;
}

function formatField(letter: string, count: number, parts: DateParts, timeZone: string): string {
  switch (letter) {
    case 'y': case 'u':
      return count === 2 ? pad(parts.year % 100, 2) : pad(parts.year, count);
    case 'M': case 'L':
      if (count >= 4) return MONTHS[parts.month - 1] as string;
      if (count === 3) return (MONTHS[parts.month - 1] as string).slice(0, 3);
      return pad(parts.month, count);
    case 'd': return pad(parts.day, count);
    case 'D': return pad(parts.dayOfYear, count);
    case 'H': return pad(parts.hour, count);
    case 'k': return pad(parts.hour === 0 ? 24 : parts.hour, count);
    case 'h': return pad(parts.hour % 12 === 0 ? 12 : parts.hour % 12, count);
    case 'K': return pad(parts.hour % 12, count);
    case 'm': return pad(parts.minute, count);
    case 's': return pad(parts.second, count);
    case 'S': return pad(parts.millisecond, 3).padEnd(count, '0').slice(0, count);
    case 'a': return parts.hour < 12 ? 'AM' : 'PM';
    case 'E': return count >= 4 ? DAYS[parts.weekday - 1] as string : (DAYS[parts.weekday - 1] as string).slice(0, 3);
    case 'e': return pad(parts.weekday, count);
    case 'Q': case 'q': return pad(Math.floor((parts.month - 1) / 3) + 1, count);
    case 'G': return 'AD';
    case 'X': return formatOffset(parts.offsetMinutes, count >= 3, true);
    case 'x': return formatOffset(parts.offsetMinutes, count >= 3, false);
    case 'Z': return count === 5 ? formatOffset(parts.offsetMinutes, true, true) : formatOffset(parts.offsetMinutes, false, false);
    case 'O': return parts.offsetMinutes === 0 ? 'GMT' : `GMT${formatOffset(parts.offsetMinutes, true, false)}`;
    case 'V': case 'z': return timeZone;
    default: throw new Error(`Unknown pattern letter: ${letter}`);
  }
}

/** Formats `epochMs` in `timeZone` with a Java DateTimeFormatter pattern. */
export function formatJavaDate(pattern: string, epochMs: number, timeZone = 'UTC'): string {
  const parts = datePartsIn(epochMs, timeZone);
  return parseJavaDatePattern(pattern)
    .map((token) => (token.kind === 'literal' ? token.text : formatField(token.letter, token.count, parts, timeZone)))
    .join('');
}
