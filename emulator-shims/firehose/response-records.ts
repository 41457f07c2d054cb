/**
 * Reads the `records` of a transformation Lambda's response straight from its bytes. Pure.
 *
 * A response is mostly base64 `data` strings; decoding the whole payload to one string for JSON.parse
 * costs more than the check itself. Here each plain string is decoded on its own and anything else
 * (numbers, objects such as `metadata`, strings with escapes) goes through JSON.parse on its own
 * bytes, so every value is what JSON.parse of the whole payload would have given. Any shape this
 * reader does not handle answers undefined, and the caller parses the whole payload instead.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const RECORDS_KEY = Buffer.from('"records"');

const isSpace = (byte: number | undefined): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

class Unsupported extends Error {}

class Reader {
  at = 0;
  constructor(readonly bytes: Buffer) {}

  skipSpace(): void {
    while (isSpace(this.bytes[this.at])) this.at += 1;
  }

  expect(byte: number): void {
    this.skipSpace();
    if (this.bytes[this.at] !== byte) throw new Unsupported();
    this.at += 1;
  }

  /** A string without escapes or control characters, decoded as UTF-8 like the whole payload would be. */
  plainString(): string {
    const start = this.at + 1;
    let end = start;
    const bytes = this.bytes;
    for (;;) {
      const byte = bytes[end];
      if (byte === undefined || byte === BACKSLASH || byte < 0x20) throw new Unsupported();
      if (byte === QUOTE) break;
      end += 1;
    }
    this.at = end + 1;
    return bytes.toString('utf8', start, end);
  }

  /** Any JSON value, parsed by JSON.parse from its own bytes. */
  value(): unknown {
    this.skipSpace();
    if (this.bytes[this.at] === QUOTE) {
      const mark = this.at;
      try {
        return this.plainString();
      } catch {
        this.at = mark;
      }
    }
    const start = this.at;
    this.skipValue();
    try {
      return JSON.parse(this.bytes.toString('utf8', start, this.at));
    } catch {
      throw new Unsupported();
    }
  }

  /**
   * Moves past one value: a string with its escapes, an array or object by depth, any other token up to
   * a delimiter. It only finds where the value ends; JSON.parse of those bytes then decides if it is valid.
   */
  skipValue(): void {
    const bytes = this.bytes;
    let depth = 0;
    for (;;) {
      const byte = bytes[this.at];
      if (byte === undefined) {
        if (depth === 0) return;
        throw new Unsupported();
      }
      if (byte === QUOTE) {
        this.at += 1;
        while (bytes[this.at] !== QUOTE) {
          if (bytes[this.at] === undefined) throw new Unsupported();
          this.at += bytes[this.at] === BACKSLASH ? 2 : 1;
        }
        this.at += 1;
        if (depth === 0) return;
      } else if (byte === 0x7b || byte === 0x5b) {
        depth += 1;
        this.at += 1;
      } else if (byte === 0x7d || byte === 0x5d) {
        if (depth === 0) return;
        depth -= 1;
        this.at += 1;
        if (depth === 0) return;
      } else if (depth === 0 && (byte === 0x2c || isSpace(byte))) {
        return;
      } else {
        this.at += 1;
      }
    }
  }

  /** An object of plain keys; a key JSON.parse would treat specially (`__proto__`) is left to JSON.parse. */
  object(): Record<string, unknown> {
    this.expect(0x7b);
    const result: Record<string, unknown> = {};
    this.skipSpace();
    if (this.bytes[this.at] === 0x7d) {
      this.at += 1;
      return result;
    }
    for (;;) {
      this.skipSpace();
      if (this.bytes[this.at] !== QUOTE) throw new Unsupported();
      const key = this.plainString();
      if (key === '__proto__') throw new Unsupported();
      this.expect(0x3a);
      result[key] = this.value();
      this.skipSpace();
      const next = this.bytes[this.at];
      this.at += 1;
      if (next === 0x7d) return result;
      if (next !== 0x2c) throw new Unsupported();
    }
  }
}

/** The `records` array of a response of the shape `{"records": [...]}`, or undefined to parse it whole instead. */
export function readResponseRecords(bytes: Buffer): unknown[] | undefined {
  const reader = new Reader(bytes);
  try {
    reader.expect(0x7b);
    reader.skipSpace();
    if (!bytes.subarray(reader.at, reader.at + RECORDS_KEY.length).equals(RECORDS_KEY)) return undefined;
    reader.at += RECORDS_KEY.length;
    reader.expect(0x3a);
    reader.expect(0x5b);
    const records: unknown[] = [];
    reader.skipSpace();
    if (bytes[reader.at] === 0x5d) {
      reader.at += 1;
    } else {
      for (;;) {
        reader.skipSpace();
        records.push(bytes[reader.at] === 0x7b ? reader.object() : reader.value());
        reader.skipSpace();
        const next = bytes[reader.at];
        reader.at += 1;
        if (next === 0x5d) break;
        if (next !== 0x2c) return undefined;
      }
    }
    reader.expect(0x7d);
    reader.skipSpace();
    return reader.at === bytes.length ? records : undefined;
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}
