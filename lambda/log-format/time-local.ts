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
