// Byte-level helpers of the JSON line writer: each reads or writes a Buffer at a position it is given
// and returns the next one, so the hot loops keep their state in locals.

export const QUOTE = 0x22;

export const isDigit = (code: number | undefined): boolean => code !== undefined && code >= 48 && code <= 57;

// Mirrors the integer and decimal rules of convertValue, minus leading zeros (JSON has none).
export const isJsonInteger = (line: Buffer, start: number, end: number): boolean => {
  if (end - start > 15 || (end - start > 1 && line[start] === 48)) return false;
  for (let i = start; i < end; i += 1) if (!isDigit(line[i])) return false;
  return true;
};
export const isJsonDecimal = (line: Buffer, start: number, end: number): boolean => {
  let i = start;
  while (i < end && isDigit(line[i])) i += 1;
  if (i === start || (i - start > 1 && line[start] === 48)) return false;
  if (i === end) return true;
  if (line[i] !== 0x2e || i + 1 === end) return false;
  for (i += 1; i < end; i += 1) if (!isDigit(line[i])) return false;
  return true;
};
export const isMethodByte = (code: number | undefined): boolean => code !== undefined && ((code >= 65 && code <= 90) || code === 95 || code === 45);
export const PART_NAMES = ['method', 'uri', 'protocol'];
export const HTTP_SLASH = Buffer.from('HTTP/', 'latin1');
export const isProtocol = (line: Buffer, start: number, end: number): boolean =>
  end - start === 8 && hasBytesAt(line, HTTP_SLASH, start) && isDigit(line[start + 5]) && line[start + 6] === 0x2e && isDigit(line[start + 7]);

// Buffer#indexOf runs natively; the hit must still lie before the end of the line proper.
export const indexOfBytes = (line: Buffer, literal: Buffer, from: number, end: number): number => {
  const index = line.indexOf(literal, from);
  return index < 0 || index + literal.length > end ? -1 : index;
};
export const hasBytesAt = (line: Buffer, bytes: Buffer, at: number): boolean => {
  for (let j = 0; j < bytes.length; j += 1) if (line[at + j] !== bytes[j]) return false;
  return true;
};

// The write position travels as an argument and a return value: kept in a closure it is reloaded
// from memory on every byte, which made these loops several times slower.
export const put = (out: Buffer, o: number, bytes: Buffer): number => {
  for (let j = 0; j < bytes.length; j += 1) out[o++] = bytes[j] as number;
  return o;
};
export const putRaw = (out: Buffer, o: number, line: Buffer, start: number, end: number): number => {
  for (let i = start; i < end; i += 1) out[o++] = line[i] as number;
  return o;
};
// Only printable ASCII without quote or backslash is copied: it needs no JSON escaping and no decoding. -1 otherwise.
export const putQuoted = (out: Buffer, o: number, line: Buffer, start: number, end: number): number => {
  out[o++] = QUOTE;
  for (let i = start; i < end; i += 1) {
    const code = line[i] as number;
    if (code < 0x20 || code > 0x7e || code === QUOTE || code === 0x5c) return -1;
    out[o++] = code;
  }
  out[o++] = QUOTE;
  return o;
};
