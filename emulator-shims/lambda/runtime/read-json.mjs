// Parses an event's JSON bytes, for node-bootstrap.mjs in the function's own process. JSON.parse needs
// the whole event as one string, and for a large event that string is a fresh large allocation (page
// faults included) every invocation. An object's members are parsed one by one here, and a large
// array member in batches of elements, so every string stays small. The values are JSON.parse's own.
// Anything unusual (not an object at the top, a "__proto__" key, invalid JSON) gets JSON.parse whole.

/** Below this many bytes JSON.parse of the whole text is as cheap as anything. */
const SMALL_BYTES = 256 * 1024;
/** About how many bytes of array elements one JSON.parse call reads. */
const BATCH_BYTES = 32 * 1024;

/** Between two objects of a compact array: where a batch may end without a scan (see readArray). */
const OBJECT_GAP = Buffer.from('},{');
/** A batch found by OBJECT_GAP longer than this is not tried: a failed parse of it would cost too much. */
const MAX_GUESSED_BATCH_BYTES = 4 * BATCH_BYTES;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isSpace = (byte) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

const NOT_SIMPLE = Symbol('not simple');

// Whether any of four bytes is a quote or a backslash ("Bit Twiddling Hacks": a zero byte after XOR).
const hasZeroByte = (word) => (word - 0x01010101) & ~word & 0x80808080;
const mayEndString = (word) => (hasZeroByte(word ^ 0x22222222) | hasZeroByte(word ^ 0x5c5c5c5c)) !== 0;

/** JSON.parse(bytes.toString('utf8')), with the same value and the same errors. */
export function readJson(bytes) {
  const whole = () => JSON.parse(bytes.toString('utf8'));
  if (bytes.length < SMALL_BYTES) return whole();
  try {
    return readObject(bytes);
  } catch {
    // Whatever went wrong, JSON.parse of the whole text decides, with its own value or error.
    return whole();
  }
}

function readObject(bytes) {
  const length = bytes.length;
  const text = (start, end) => bytes.toString('utf8', start, end);
  const words = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const skipSpace = (at) => {
    while (at < length && isSpace(bytes[at])) at += 1;
    return at;
  };
  const expect = (at, byte) => {
    if (bytes[at] !== byte) throw NOT_SIMPLE;
    return at + 1;
  };
  // From just after an opening quote to just after the closing one.
  const skipString = (at) => {
    while (at + 4 <= length && !mayEndString(words.getUint32(at))) at += 4;
    while (at < length) {
      const byte = bytes[at];
      if (byte === QUOTE) return at + 1;
      at += byte === BACKSLASH ? 2 : 1;
    }
    throw NOT_SIMPLE;
  };
  // From a value's first byte to just after it, or, inside an array, to the next "," or "]" at its level.
  const skipValue = (at) => {
    let depth = 0;
    while (at < length) {
      const byte = bytes[at];
      if (byte === QUOTE) at = skipString(at + 1);
      else {
        if (byte === 0x5b || byte === 0x7b) depth += 1;
        else if (byte === 0x5d || byte === 0x7d) {
          if (depth === 0) return at;
          depth -= 1;
        } else if (byte === 0x2c && depth === 0) return at;
        at += 1;
      }
    }
    return at;
  };
  const readArray = (at) => {
    // `at` is just after "[".
    const elements = [];
    let batchStart = at;
    if (bytes[skipSpace(at)] === 0x5d) return { value: elements, at: skipSpace(at) + 1 };
    // A compact array of objects (a Firehose event's records) is cut at a "},{" found by Node's own
    // search, with no scan of the bytes before it. A cut inside a string, or inside an element, leaves
    // the batch before it an unterminated string or unclosed brackets, which JSON.parse refuses: a
    // batch that parses ends at an element's end, and its values are the ones a whole parse gives.
    // The first refusal, and the rest of the array, go to the scan below.
    for (;;) {
      const gap = bytes.indexOf(OBJECT_GAP, batchStart + BATCH_BYTES);
      if (gap === -1 || gap - batchStart > MAX_GUESSED_BATCH_BYTES) break;
      let batch;
      try {
        batch = JSON.parse(`[${text(batchStart, gap + 1)}]`);
      } catch {
        break;
      }
      for (const element of batch) elements.push(element);
      batchStart = gap + 2;
    }
    at = batchStart;
    for (;;) {
      const end = skipValue(at);
      const closing = bytes[end] === 0x5d;
      if (!closing && bytes[end] !== 0x2c) throw NOT_SIMPLE;
      if (closing || end - batchStart >= BATCH_BYTES) {
        for (const element of JSON.parse(`[${text(batchStart, end)}]`)) elements.push(element);
        batchStart = end + 1;
      }
      at = end + 1;
      if (closing) return { value: elements, at };
    }
  };

  const result = {};
  let at = expect(skipSpace(0), 0x7b);
  at = skipSpace(at);
  if (bytes[at] === 0x7d) at += 1;
  else {
    for (;;) {
      at = expect(skipSpace(at), QUOTE);
      const keyEnd = skipString(at);
      const key = JSON.parse(text(at - 1, keyEnd));
      // JSON.parse makes "__proto__" an own property, where assigning it would set the prototype.
      if (key === '__proto__') throw NOT_SIMPLE;
      at = skipSpace(expect(skipSpace(keyEnd), 0x3a));
      if (bytes[at] === 0x5b) {
        const array = readArray(at + 1);
        result[key] = array.value;
        at = array.at;
      } else {
        const end = skipValue(at);
        result[key] = JSON.parse(text(at, end));
        at = end;
      }
      at = skipSpace(at);
      if (bytes[at] === 0x7d) {
        at += 1;
        break;
      }
      at = expect(at, 0x2c);
    }
  }
  if (skipSpace(at) !== length) throw NOT_SIMPLE;
  return result;
}
