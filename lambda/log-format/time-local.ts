const MONTHS: Record<string, string> = {
  Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06',
  Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12',
};

/** A log line's own time: as ISO-8601 text with its original offset, and as epoch milliseconds. */
export interface EventTime {
  readonly iso: string;
  readonly epochMs: number;
}

const isDigits = (text: string, start: number, end: number): boolean => {
  for (let i = start; i < end; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
};

/**
 * Parses nginx's `$time_local` (`10/Mar/2024:02:30:00 +0900`, always that fixed width) into
 * `2024-03-10T02:30:00+09:00`; undefined when the text is not in that shape.
 */
export function parseTimeLocal(text: string): EventTime | undefined {
  if (text.length !== 26 || text[2] !== '/' || text[6] !== '/' || text[11] !== ':' || text[14] !== ':') return undefined;
  if (text[17] !== ':' || text[20] !== ' ') return undefined;
  const month = MONTHS[text.slice(3, 6)];
  const sign = text[21];
  if (month === undefined || (sign !== '+' && sign !== '-')) return undefined;
  if (!isDigits(text, 0, 2) || !isDigits(text, 7, 11) || !isDigits(text, 12, 14) || !isDigits(text, 15, 17)) return undefined;
  if (!isDigits(text, 18, 20) || !isDigits(text, 22, 26)) return undefined;
  const day = Number(text.slice(0, 2));
  const hour = Number(text.slice(12, 14));
  const minute = Number(text.slice(15, 17));
  const second = Number(text.slice(18, 20));
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const offsetMinutes = (Number(text.slice(22, 24)) * 60 + Number(text.slice(24, 26))) * (sign === '-' ? -1 : 1);
  const epochMs = Date.UTC(Number(text.slice(7, 11)), Number(month) - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  const iso = `${text.slice(7, 11)}-${month}-${text.slice(0, 2)}T${text.slice(12, 20)}${sign}${text.slice(22, 24)}:${text.slice(24, 26)}`;
  return { iso, epochMs };
}
