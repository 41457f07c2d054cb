// Writes JSON.stringify(value) as UTF-8 into a reusable buffer. Used by node-bootstrap.mjs, in the
// function's own process. For a large answer JSON.stringify builds a tree of pieces that must then be
// flattened into one fresh string, a new large allocation (and page faults) for every invocation;
// writing the top levels here and stringifying each element on its own keeps every string small.
// Anything that is not plain data goes to JSON.stringify whole, so the bytes are always its bytes.
import { types } from 'node:util';

/** How many levels of plain objects and arrays are written here before JSON.stringify takes over. */
const WALKED_LEVELS = 2;

/** Thrown inside the walk when a value needs JSON.stringify's own handling of the whole answer. */
const NOT_PLAIN = Symbol('not plain');

const isPlainContainer = (value) => {
  if (typeof value !== 'object' || value === null || types.isProxy(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  const plain = Array.isArray(value) ? prototype === Array.prototype : prototype === Object.prototype || prototype === null;
  return plain && !('toJSON' in value);
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
  // An element's own toJSON gets its key, which a stringify of the element alone would not pass.
  const stringified = (element) => {
    if (typeof element === 'bigint' || (typeof element === 'object' && element !== null && 'toJSON' in element)) throw NOT_PLAIN;
    return JSON.stringify(element);
  };
  const walk = (container, level) => {
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
