// Writes JSON.stringify(value) as UTF-8 into a reusable buffer. Used by node-bootstrap.mjs, in the
// function's own process. For a large answer JSON.stringify builds a tree of pieces that must then be
// flattened into one fresh string, a new large allocation (and page faults) for every invocation;
// writing the top levels here and stringifying each element on its own keeps every string small.
// Anything that is not plain data goes to JSON.stringify whole, so the bytes are always its bytes.
import { types } from 'node:util';

/** How many levels of plain objects and arrays are written here before JSON.stringify takes over. */
const WALKED_LEVELS = 2;

/** About how many bytes of elements one JSON.stringify call writes: small enough to stay out of V8's large-object space. */
const BATCH_BYTES = 32 * 1024;

/** Thrown inside the walk when a value needs JSON.stringify's own handling of the whole answer. */
const NOT_PLAIN = Symbol('not plain');

const isPlainContainer = (value) => {
  if (typeof value !== 'object' || value === null || types.isProxy(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  const plain = Array.isArray(value) ? prototype === Array.prototype : prototype === Object.prototype || prototype === null;
  return plain && !('toJSON' in value);
};

// An element's own toJSON gets its key, which a stringify of the element (or of a batch) would not pass.
const checkElement = (element) => {
  if (typeof element === 'bigint' || (typeof element === 'object' && element !== null && 'toJSON' in element)) throw NOT_PLAIN;
};

/** A buffer grows by half again at least, so slowly growing answers do not reallocate every time. */
export const grownSize = (current, needed) => Math.max(needed, Math.ceil(current * 1.5));

/**
 * Writes JSON.stringify(value) into `buffer` from `at`, growing it (a new buffer holding the bytes
 * before `at`) as needed. Returns the buffer written and where the text ends, or undefined when
 * JSON.stringify(value) is undefined. Throws what JSON.stringify throws.
 */
export function writeJson(value, buffer, at) {
  let out = buffer;
  let end = at;
  const put = (text) => {
    if (end + text.length * 3 > out.length) {
      const bigger = Buffer.allocUnsafeSlow(grownSize(out.length, end + text.length * 3));
      out.copy(bigger, 0, 0, end);
      out = bigger;
    }
    // Punctuation is most of the calls: one byte needs no trip into the encoder.
    if (text.length === 1 && text.charCodeAt(0) < 0x80) out[end++] = text.charCodeAt(0);
    else end += out.write(text, end);
  };
  const stringified = (element) => {
    checkElement(element);
    return JSON.stringify(element);
  };
  // Elements below the walked levels are stringified in batches: one call per batch, not per element.
  const putElements = (array) => {
    put('[');
    let count = 16;
    for (let from = 0; from < array.length; ) {
      const to = Math.min(array.length, from + count);
      for (let i = from; i < to; i += 1) checkElement(array[i]);
      const text = JSON.stringify(array.slice(from, to));
      // The first batch's "[" lands on ours, a later one's becomes the "," between batches; each "]" is taken back.
      if (from === 0) end -= 1;
      const batchAt = end;
      put(text);
      if (from > 0) out[batchAt] = 0x2c;
      end -= 1;
      count = Math.max(1, Math.min(4096, Math.floor((count * BATCH_BYTES) / Math.max(1, end - batchAt))));
      from = to;
    }
    put(']');
  };
  const walk = (container, level) => {
    if (Array.isArray(container) && level >= WALKED_LEVELS) {
      putElements(container);
      return;
    }
    if (Array.isArray(container)) {
      put('[');
      for (let i = 0; i < container.length; i += 1) {
        if (i > 0) put(',');
        const element = container[i];
        if (level < WALKED_LEVELS && isPlainContainer(element)) walk(element, level + 1);
        else put(stringified(element) ?? 'null');
      }
      put(']');
      return;
    }
    put('{');
    let first = true;
    for (const key of Object.keys(container)) {
      const element = container[key];
      if (level < WALKED_LEVELS && isPlainContainer(element)) {
        put(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
        walk(element, level + 1);
      } else {
        const text = stringified(element);
        if (text === undefined) continue;
        put(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
        put(text);
      }
      first = false;
    }
    put('}');
  };
  const whole = () => {
    const text = JSON.stringify(value);
    if (text === undefined) return undefined;
    out = buffer;
    end = at;
    put(text);
    return { buffer: out, end };
  };
  if (!isPlainContainer(value)) return whole();
  try {
    walk(value, 1);
  } catch {
    // Cycles, BigInts and toJSON are JSON.stringify's to report or to call, exactly as it would.
    return whole();
  }
  return { buffer: out, end };
}
