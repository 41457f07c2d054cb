/**
 * JSON.parse of a request body read straight from its bytes. Pure.
 *
 * A PutRecordBatch body is up to 4 MiB of base64 strings. Decoding it to one string first puts that
 * string in V8's large-object space, which maps fresh memory for every request and costs several times
 * what parsing does. Here each string is decoded from its own bytes, and any other token (numbers,
 * literals, strings with escapes) goes through JSON.parse on its own bytes, so the value is the one
 * JSON.parse of the whole body gives. Anything this reader does not handle, including every malformed
 * body, is parsed whole by JSON.parse, which then answers or throws exactly as before.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
// Deeper bodies go to JSON.parse whole rather than risk the stack.
const MAX_DEPTH = 64;

const isSpace = (byte: number | undefined): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

class Unsupported extends Error {}

class Reader {
  at = 0;
  constructor(readonly bytes: Buffer) {}

  skipSpace(): void {
    while (isSpace(this.bytes[this.at])) this.at += 1;
  }

  /** The byte after any space, consumed. */
  next(): number | undefined {
    this.skipSpace();
    const byte = this.bytes[this.at];
    this.at += 1;
    return byte;
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) throw new Unsupported();
    this.skipSpace();
    switch (this.bytes[this.at]) {
      case OPEN_OBJECT:
        return this.object(depth);
      case OPEN_ARRAY:
        return this.array(depth);
      case QUOTE:
        return this.string();
      default:
        return this.token();
    }
  }

  /** A string; one without escapes or control characters is decoded straight from its bytes. */
  string(): string {
    const bytes = this.bytes;
    const start = this.at + 1;
    let end = start;
    for (;;) {
      const byte = bytes[end];
      if (byte === undefined) throw new Unsupported();
      if (byte === QUOTE) break;
      if (byte === BACKSLASH || byte < 0x20) return this.token() as string;
      end += 1;
    }
    this.at = end + 1;
    return bytes.toString('utf8', start, end);
  }

  /** A number, literal or escaped string, parsed by JSON.parse from its own bytes. */
  token(): unknown {
    const bytes = this.bytes;
    const start = this.at;
    if (bytes[start] === QUOTE) {
      this.at += 1;
      for (;;) {
        const byte = bytes[this.at];
        if (byte === undefined) throw new Unsupported();
        this.at += byte === BACKSLASH ? 2 : 1;
        if (byte === QUOTE) break;
      }
    } else {
      for (;;) {
        const byte = bytes[this.at];
        if (byte === undefined || byte === COMMA || byte === CLOSE_OBJECT || byte === CLOSE_ARRAY || isSpace(byte)) break;
        if (byte === QUOTE || byte === OPEN_OBJECT || byte === OPEN_ARRAY || byte === COLON) throw new Unsupported();
        this.at += 1;
      }
    }
    if (this.at === start) throw new Unsupported();
    try {
      return JSON.parse(bytes.toString('utf8', start, this.at));
    } catch {
      throw new Unsupported();
    }
  }

  object(depth: number): Record<string, unknown> {
    this.at += 1;
    const result: Record<string, unknown> = {};
    this.skipSpace();
    if (this.bytes[this.at] === CLOSE_OBJECT) {
      this.at += 1;
      return result;
    }
    for (;;) {
      this.skipSpace();
      if (this.bytes[this.at] !== QUOTE) throw new Unsupported();
      const key = this.string();
      // JSON.parse makes `__proto__` an own property; an assignment here would not.
      if (key === '__proto__') throw new Unsupported();
      if (this.next() !== COLON) throw new Unsupported();
      result[key] = this.value(depth + 1);
      const next = this.next();
      if (next === CLOSE_OBJECT) return result;
      if (next !== COMMA) throw new Unsupported();
    }
  }

  array(depth: number): unknown[] {
    this.at += 1;
    const result: unknown[] = [];
    this.skipSpace();
    if (this.bytes[this.at] === CLOSE_ARRAY) {
      this.at += 1;
      return result;
    }
    for (;;) {
      result.push(this.value(depth + 1));
      const next = this.next();
      if (next === CLOSE_ARRAY) return result;
      if (next !== COMMA) throw new Unsupported();
    }
  }
}

/** What `JSON.parse(bytes.toString('utf8'))` answers, or throws, for the same bytes. */
export function parseJsonBytes(bytes: Buffer): unknown {
  const reader = new Reader(bytes);
  try {
    reader.skipSpace();
    const first = bytes[reader.at];
    if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
      const value = reader.value(0);
      reader.skipSpace();
      if (reader.at === bytes.length) return value;
    }
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
  }
  return JSON.parse(bytes.toString('utf8'));
}
