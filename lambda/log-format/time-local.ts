const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_NUMBERS = new Map(MONTHS.map((name, index) => [name, index + 1]));

/** A log line's own time: as ISO-8601 text with its original offset, and as epoch milliseconds. */
export interface EventTime {
  readonly iso: string;
  readonly epochMs: number;
}

// Reads `count` ASCII digits at `start`; -1 when any is not a digit.
const digits = (text: string, start: number, count: number): number => {
  let value = 0;
  for (let i = start; i < start + count; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
};

const pad2 = (value: number): string => (value < 10 ? `0${value}` : String(value));

const convert = (text: string): EventTime | undefined => {
  if (text.length !== 26 || text[2] !== '/' || text[6] !== '/' || text[11] !== ':' || text[14] !== ':') return undefined;
  if (text[17] !== ':' || text[20] !== ' ') return undefined;
  const month = MONTH_NUMBERS.get(text.slice(3, 6));
  const sign = text[21];
  const day = digits(text, 0, 2);
  const year = digits(text, 7, 4);
  const hour = digits(text, 12, 2);
  const minute = digits(text, 15, 2);
  const second = digits(text, 18, 2);
  const offsetHours = digits(text, 22, 2);
  const offsetMinutes = digits(text, 24, 2);
  if (month === undefined || (sign !== '+' && sign !== '-') || year < 0 || offsetHours < 0 || offsetMinutes < 0) return undefined;
  if (day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return undefined;
  const offset = (offsetHours * 60 + offsetMinutes) * (sign === '-' ? -1 : 1);
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000;
  const iso = `${text.slice(7, 11)}-${pad2(month)}-${text.slice(0, 2)}T${text.slice(12, 20)}${sign}${text.slice(22, 24)}:${text.slice(24, 26)}`;
  return { iso, epochMs };
};

// Consecutive lines mostly share their second, so remembering the last answer saves most conversions.
let lastText = '';
let lastTime: EventTime | undefined;

/**
 * Parses nginx's `$time_local` (`10/Mar/2024:02:30:00 +0900`, always that fixed width) into
 * `2024-03-10T02:30:00+09:00`; undefined when the text is not in that shape.
 */
export function parseTimeLocal(text: string): EventTime | undefined {
  if (text !== lastText) {
    lastTime = convert(text);
    lastText = text;
  }
  return lastTime;
}

const MONTH_KEYS = new Map(MONTHS.map((name, index) => [(name.charCodeAt(0) << 16) | (name.charCodeAt(1) << 8) | name.charCodeAt(2), index + 1]));

// Reads `count` ASCII digits of `bytes` at `start`; -1 when any is not a digit.
const byteDigits = (bytes: Uint8Array, start: number, count: number): number => {
  let value = 0;
  for (let i = start; i < start + count; i += 1) {
    const digit = (bytes[i] as number) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
};

// The ISO text as bytes: which byte of the $time_local text each ISO byte copies (-1: written here).
const ISO_FROM_TEXT = [7, 8, 9, 10, -1, -1, -1, -1, 0, 1, -1, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, -1, 24, 25];
/** How many bytes writeTimeLocalIso writes. */
export const TIME_LOCAL_ISO_BYTES = ISO_FROM_TEXT.length;
/** The bytes of a $time_local as nginx writes it (`10/Mar/2024:15:00:00 +0900`). */
export const TIME_LOCAL_BYTES = 26;

/**
 * parseTimeLocal for the 26 bytes of `bytes` at `start`, without making strings: writes the ISO
 * text into `out` at `at` and returns the epoch milliseconds, or NaN (writing nothing) when the
 * text is not in that shape. The two accept exactly the same texts.
 */
export function writeTimeLocalIso(bytes: Uint8Array, start: number, out: Uint8Array, at: number): number {
  // Indexed directly: a helper closure made per call costs more than the checks (under tsx, a named one more still).
  const s = start;
  if (s + 26 > bytes.length || bytes[s + 2] !== 0x2f || bytes[s + 6] !== 0x2f || bytes[s + 11] !== 0x3a || bytes[s + 14] !== 0x3a) return Number.NaN;
  if (bytes[s + 17] !== 0x3a || bytes[s + 20] !== 0x20) return Number.NaN;
  const month = MONTH_KEYS.get(((bytes[s + 3] as number) << 16) | ((bytes[s + 4] as number) << 8) | (bytes[s + 5] as number));
  const sign = bytes[s + 21];
  const day = byteDigits(bytes, start, 2);
  const year = byteDigits(bytes, start + 7, 4);
  const hour = byteDigits(bytes, start + 12, 2);
  const minute = byteDigits(bytes, start + 15, 2);
  const second = byteDigits(bytes, start + 18, 2);
  const offsetHours = byteDigits(bytes, start + 22, 2);
  const offsetMinutes = byteDigits(bytes, start + 24, 2);
  if (month === undefined || (sign !== 0x2b && sign !== 0x2d) || year < 0 || offsetHours < 0 || offsetMinutes < 0) return Number.NaN;
  if (day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return Number.NaN;
  const offset = (offsetHours * 60 + offsetMinutes) * (sign === 0x2d ? -1 : 1);
  for (let i = 0; i < ISO_FROM_TEXT.length; i += 1) {
    const from = ISO_FROM_TEXT[i] as number;
    if (from >= 0) out[at + i] = bytes[s + from] as number;
  }
  out[at + 4] = 0x2d;
  out[at + 5] = 48 + Math.floor(month / 10);
  out[at + 6] = 48 + (month % 10);
  out[at + 7] = 0x2d;
  out[at + 10] = 0x54;
  out[at + 22] = 0x3a;
  return Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000;
}
