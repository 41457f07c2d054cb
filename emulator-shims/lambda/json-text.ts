/**
 * Whether bytes are one JSON text, as `JSON.parse(bytes.toString('utf8'))` would judge them, checked
 * across chunk boundaries without joining the chunks, decoding them or building any value. Pure.
 *
 * Invoke validates a payload this way and passes the bytes on untouched: the function parses them once,
 * in its own process. Bytes of 0x80 and above are accepted inside strings (decoding never turns them
 * into control characters) and rejected outside, as JSON.parse rejects any non-ASCII character there.
 */

// Checker states: where in the grammar the next byte falls.
const S_VALUE = 0;
const S_ARRAY_FIRST = 1;
const S_OBJECT_FIRST = 2;
const S_OBJECT_KEY = 3;
const S_COLON = 4;
const S_AFTER_VALUE = 5;
const S_STRING = 6;
const S_ESCAPE = 7;
const S_HEX = 8;
const S_LITERAL = 9;
const S_MINUS = 10;
const S_ZERO = 11;
const S_INTEGER = 12;
const S_DOT = 13;
const S_FRACTION = 14;
const S_EXPONENT = 15;
const S_EXPONENT_SIGN = 16;
const S_EXPONENT_DIGITS = 17;
const S_INVALID = 18;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OBJECT = 1;
const ARRAY = 2;

const isSpace = (byte: number): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
const isDigit = (byte: number): boolean => byte >= 0x30 && byte <= 0x39;
const isHex = (byte: number): boolean => isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
const ESCAPES = new Set([QUOTE, BACKSLASH, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);
const LITERALS: Record<number, Uint8Array> = { 0x74: Buffer.from('true'), 0x66: Buffer.from('false'), 0x6e: Buffer.from('null') };

// Whether any of four bytes is a control byte, a quote or a backslash (bit tricks from "Bit Twiddling
// Hacks": a byte below n, and a zero byte after XOR with the byte looked for). Never a false "no".
const hasByteBelow = (word: number, n: number): number => (word - n * 0x01010101) & ~word & 0x80808080;
const hasByte = (word: number, byte: number): number => hasByteBelow(word ^ (byte * 0x01010101), 1);
const mayEndPlainRun = (word: number): boolean => (hasByteBelow(word, 0x20) | hasByte(word, QUOTE) | hasByte(word, BACKSLASH)) !== 0;

/** Streaming checker: feed chunks in order, then ask `end()`. */
export class JsonTextChecker {
  #state = S_VALUE;
  readonly #stack: number[] = [];
  /** In a string: whether it is an object key. */
  #key = false;
  #hexLeft = 0;
  #literal: Uint8Array = LITERALS[0x74]!;
  #literalAt = 0;

  feed(chunk: Uint8Array): void {
    const length = chunk.length;
    const words = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let i = 0;
    while (i < length && this.#state !== S_INVALID) {
      if (this.#state === S_STRING) {
        // The hot loop: base64 data and text are long runs of plain string bytes, skipped four at a time.
        while (i + 4 <= length && !mayEndPlainRun(words.getUint32(i))) i += 4;
        let byte = 0;
        while (i < length) {
          byte = chunk[i]!;
          if (byte === QUOTE || byte === BACKSLASH || byte < 0x20) break;
          i += 1;
        }
        if (i === length) return;
        i += 1;
        if (byte === QUOTE) this.#state = this.#key ? S_COLON : S_AFTER_VALUE;
        else if (byte === BACKSLASH) this.#state = S_ESCAPE;
        else this.#state = S_INVALID;
        continue;
      }
      if (this.#step(chunk[i]!)) i += 1;
    }
  }

  /** True when everything fed so far is exactly one JSON text. */
  end(): boolean {
    switch (this.#state) {
      case S_AFTER_VALUE:
      case S_ZERO:
      case S_INTEGER:
      case S_FRACTION:
      case S_EXPONENT_DIGITS:
        return this.#stack.length === 0;
      default:
        return false;
    }
  }

  /** Handles one byte outside the string fast path; false when the byte must be handled again in the new state. */
  #step(byte: number): boolean {
    switch (this.#state) {
      case S_VALUE:
        return this.#value(byte);
      case S_ARRAY_FIRST:
        if (isSpace(byte)) return true;
        if (byte === 0x5d) return this.#close();
        this.#state = S_VALUE;
        return false;
      case S_OBJECT_FIRST:
        if (isSpace(byte)) return true;
        if (byte === 0x7d) return this.#close();
        this.#state = S_OBJECT_KEY;
        return false;
      case S_OBJECT_KEY:
        if (isSpace(byte)) return true;
        if (byte !== QUOTE) return this.#fail();
        this.#key = true;
        this.#state = S_STRING;
        return true;
      case S_COLON:
        if (isSpace(byte)) return true;
        if (byte !== 0x3a) return this.#fail();
        this.#state = S_VALUE;
        return true;
      case S_AFTER_VALUE:
        return this.#afterValueByte(byte);
      case S_ESCAPE:
        if (byte === 0x75) {
          this.#hexLeft = 4;
          this.#state = S_HEX;
          return true;
        }
        if (!ESCAPES.has(byte)) return this.#fail();
        this.#state = S_STRING;
        return true;
      case S_HEX:
        if (!isHex(byte)) return this.#fail();
        this.#hexLeft -= 1;
        if (this.#hexLeft === 0) this.#state = S_STRING;
        return true;
      case S_LITERAL:
        if (byte !== this.#literal[this.#literalAt]) return this.#fail();
        this.#literalAt += 1;
        if (this.#literalAt === this.#literal.length) this.#state = S_AFTER_VALUE;
        return true;
      case S_MINUS:
        if (byte === 0x30) this.#state = S_ZERO;
        else if (isDigit(byte)) this.#state = S_INTEGER;
        else return this.#fail();
        return true;
      case S_ZERO:
        return this.#numberEnd(byte);
      case S_INTEGER:
        if (isDigit(byte)) return true;
        return this.#numberEnd(byte);
      case S_DOT:
        if (!isDigit(byte)) return this.#fail();
        this.#state = S_FRACTION;
        return true;
      case S_FRACTION:
        if (isDigit(byte)) return true;
        if (byte === 0x65 || byte === 0x45) {
          this.#state = S_EXPONENT;
          return true;
        }
        this.#state = S_AFTER_VALUE;
        return false;
      case S_EXPONENT:
        if (byte === 0x2b || byte === 0x2d) this.#state = S_EXPONENT_SIGN;
        else if (isDigit(byte)) this.#state = S_EXPONENT_DIGITS;
        else return this.#fail();
        return true;
      case S_EXPONENT_SIGN:
        if (!isDigit(byte)) return this.#fail();
        this.#state = S_EXPONENT_DIGITS;
        return true;
      case S_EXPONENT_DIGITS:
        if (isDigit(byte)) return true;
        this.#state = S_AFTER_VALUE;
        return false;
      default:
        return this.#fail();
    }
  }

  #value(byte: number): boolean {
    if (isSpace(byte)) return true;
    switch (byte) {
      case QUOTE:
        this.#key = false;
        this.#state = S_STRING;
        return true;
      case 0x7b:
        this.#stack.push(OBJECT);
        this.#state = S_OBJECT_FIRST;
        return true;
      case 0x5b:
        this.#stack.push(ARRAY);
        this.#state = S_ARRAY_FIRST;
        return true;
      case 0x2d:
        this.#state = S_MINUS;
        return true;
      case 0x30:
        this.#state = S_ZERO;
        return true;
      default:
        if (isDigit(byte)) {
          this.#state = S_INTEGER;
          return true;
        }
        if (LITERALS[byte] !== undefined) {
          this.#literal = LITERALS[byte]!;
          this.#literalAt = 1;
          this.#state = S_LITERAL;
          return true;
        }
        return this.#fail();
    }
  }

  /** After `0` or the digits of an integer part: a fraction, an exponent, or the end of the number. */
  #numberEnd(byte: number): boolean {
    if (byte === 0x2e) {
      this.#state = S_DOT;
      return true;
    }
    if (byte === 0x65 || byte === 0x45) {
      this.#state = S_EXPONENT;
      return true;
    }
    this.#state = S_AFTER_VALUE;
    return false;
  }

  #afterValueByte(byte: number): boolean {
    if (isSpace(byte)) return true;
    const top = this.#stack[this.#stack.length - 1];
    if (top === undefined) return this.#fail();
    if (byte === 0x2c) {
      this.#state = top === OBJECT ? S_OBJECT_KEY : S_VALUE;
      return true;
    }
    if (byte !== (top === OBJECT ? 0x7d : 0x5d)) return this.#fail();
    return this.#close();
  }

  /** Ends the innermost array or object. */
  #close(): boolean {
    this.#stack.pop();
    this.#state = S_AFTER_VALUE;
    return true;
  }

  #fail(): boolean {
    this.#state = S_INVALID;
    return true;
  }
}

/** Whether the chunks, in order, are one JSON text. */
export function isJsonText(chunks: readonly Uint8Array[]): boolean {
  const checker = new JsonTextChecker();
  for (const chunk of chunks) checker.feed(chunk);
  return checker.end();
}
