import { isUtf8 } from 'node:buffer';

/** nginx's `log_format ... escape=` parameter. */
export type LogEscape = 'default' | 'json' | 'none';

/** The escape modes nginx accepts, in its own spelling. */
export const LOG_ESCAPES: readonly LogEscape[] = ['default', 'json', 'none'];

const HIGH_BYTE = /[\x80-\xff]/;
const HEX = '0123456789ABCDEF';

/** The value of one hex digit's character code, or -1. */
export const hexValue = (code: number | undefined): number => {
  if (code === undefined) return -1;
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
};

/** Writes bytes the way nginx's `escape=default` does, so text that is not UTF-8 stays lossless and readable. */
export function escapeLikeNginx(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    if (byte < 0x20 || byte === 0x22 || byte === 0x5c || byte >= 0x7f) text += `\\x${HEX[byte >> 4]}${HEX[byte & 15]}`;
    else text += String.fromCharCode(byte);
  }
  return text;
}

// A line that was not valid UTF-8 was read as latin1 (one char per byte); give its values back as text.
const toText = (value: string, lineIsUtf8: boolean): string => {
  if (lineIsUtf8 || !HIGH_BYTE.test(value)) return value;
  const bytes = Buffer.from(value, 'latin1');
  return isUtf8(bytes) ? bytes.toString('utf8') : escapeLikeNginx(bytes);
};

const decodeHexEscapes = (raw: string, lineIsUtf8: boolean): string => {
  const source = Buffer.from(raw, lineIsUtf8 ? 'utf8' : 'latin1');
  const bytes = Buffer.allocUnsafe(source.length);
  let length = 0;
  for (let i = 0; i < source.length; ) {
    const high = source[i] === 0x5c && source[i + 1] === 0x78 ? hexValue(source[i + 2]) : -1;
    const low = high >= 0 ? hexValue(source[i + 3]) : -1;
    if (low >= 0) {
      bytes[length++] = (high << 4) | low;
      i += 4;
    } else {
      bytes[length++] = source[i] as number;
      i += 1;
    }
  }
  const decoded = bytes.subarray(0, length);
  if (isUtf8(decoded)) return decoded.toString('utf8');
  // Not text once decoded (a TLS handshake, a binary probe): keep what nginx wrote, nothing is lost.
  return lineIsUtf8 ? raw : escapeLikeNginx(decoded);
};

/**
 * Turns a variable's text as written under `escape` back into the value's text. Returns undefined
 * when nginx could not have written it (an unescaped `"`), which means the line does not match the format.
 */
export function decodeValue(raw: string, escape: LogEscape, lineIsUtf8: boolean): string | undefined {
  if (escape === 'none') return toText(raw, lineIsUtf8);
  const hasBackslash = raw.includes('\\');
  if (!hasBackslash) return raw.includes('"') ? undefined : toText(raw, lineIsUtf8);
  if (escape === 'default') return raw.includes('"') ? undefined : decodeHexEscapes(raw, lineIsUtf8);
  try {
    // nginx's JSON escaping is a subset of JSON string syntax, so JSON.parse is an exact decoder.
    return toText(JSON.parse(`"${raw}"`) as string, lineIsUtf8);
  } catch {
    return undefined;
  }
}
