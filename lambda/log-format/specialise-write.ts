/**
 * Source of a JsonLineWriter's write() specialised to one format. Interpreting the format's steps for
 * every line (a loop over them, a switch on each kind, a loop over each key's words) cost more than
 * many of the values took to copy; written out for the format, the steps run straight through and each
 * key is a few stores of constant words.
 *
 * The source is made of fixed templates and integers only: no text of the format (a key, a literal)
 * goes into it, so a format, whatever it holds, cannot change what the code does. Keys are embedded as
 * the integers of their bytes, and every value spliced in is checked to be an integer first.
 */
import { TIME_LOCAL_BYTES as TIME_LOCAL_LENGTH } from './time-local.js';

/** How one step of the format is written, as numbers. */
export interface WriteStepPlan {
  /** Whether the value is text (string or request kinds) rather than a value putValue converts. */
  readonly isText: boolean;
  /** The step's JSON key (`{"name":` or `,"name":`) as little-endian 32-bit words, zero-padded. */
  readonly keyWords: readonly number[];
  readonly keyLength: number;
  /** The literal after the value: its bytes and their count. */
  readonly literal: readonly number[];
  /** Index of the step's first field in the span arrays. */
  readonly field: number;
  /** A $time_local whose literal cannot start inside the time (see compileJsonLineWriter). */
  readonly endsAfterTimeLocal: boolean;
}

/** What write() is made of: the prefix length and each step. */
export interface WritePlan {
  readonly prefixLength: number;
  readonly steps: readonly WriteStepPlan[];
}


// Every number spliced into the source goes through here, so nothing but an integer ever can.
const int = (value: number): string => {
  if (!Number.isSafeInteger(value)) throw new TypeError(`not an integer: ${String(value)}`);
  return String(value);
};

// `line` holds `bytes` at `at` (an expression of the fixed templates below): one comparison a byte.
const matchesAt = (bytes: readonly number[], at: string): string =>
  bytes.length === 0 ? 'true' : bytes.map((byte, j) => `line[${at} + ${int(j)}] === ${int(byte)}`).join(' && ');

const keyStores = (step: WriteStepPlan): string =>
  step.keyWords.map((word, j) => `  v.setInt32(o + ${int(4 * j)}, ${int(word)}, true);\n`).join('') + `  setO(o + ${int(step.keyLength)});\n`;

const textStep = (step: WriteStepPlan, index: number, isLast: boolean): string => {
  const c = `c${int(index)}`;
  if (!isLast) return `  end = putText(line, ${c}, ${int(step.field)}, position, length, false);\n  if (end < 0) return -1;\n`;
  return (
    `  limit = length - ${int(step.literal.length)};\n` +
    `  if (limit < position || !(${matchesAt(step.literal, 'limit')})) return -1;\n` +
    `  end = putText(line, ${c}, ${int(step.field)}, position, limit, true);\n  if (end < 0) return -1;\n`
  );
};

const valueStep = (step: WriteStepPlan, index: number, isLast: boolean): string => {
  const c = `c${int(index)}`;
  let find: string;
  if (isLast) {
    find = `  end = length - ${int(step.literal.length)};\n  if (end < position || !(${matchesAt(step.literal, 'end')})) return -1;\n`;
  } else if (step.endsAfterTimeLocal) {
    const after = `(position + ${int(TIME_LOCAL_LENGTH)})`;
    find =
      `  end = ${after} + ${int(step.literal.length)} <= length && ${matchesAt(step.literal, after)}\n` +
      `    ? ${after} : indexOfBytes(line, ${c}.literal, position, length);\n  if (end < 0) return -1;\n`;
  } else {
    find = `  end = indexOfBytes(line, ${c}.literal, position, length);\n  if (end < 0) return -1;\n`;
  }
  return `${find}  if (!putValue(line, ${c}, ${int(step.field)}, position, end)) return -1;\n`;
};

/**
 * The body of a function of one argument `H` (the writer's helpers and its compiled steps, see
 * compileJsonLineWriter) that returns write(line, lineLength, target, at) for `plan`.
 */
export function writeSource(plan: WritePlan): string {
  const last = plan.steps.length - 1;
  let source =
    '"use strict";\n' +
    'const begin = H.begin, getView = H.getView, getO = H.getO, setO = H.setO;\n' +
    'const putText = H.putText, putValue = H.putValue, indexOfBytes = H.indexOfBytes;\n';
  plan.steps.forEach((_, i) => {
    source += `const c${int(i)} = H.steps[${int(i)}];\n`;
  });
  source +=
    'return function write(line, lineLength, target, at) {\n' +
    '  const length = begin(line, lineLength, target, at);\n' +
    '  if (length < 0) return -1;\n' +
    '  const v = getView();\n' +
    '  let o = at;\n' +
    `  let position = ${int(plan.prefixLength)};\n` +
    '  let end = 0;\n' +
    '  let limit = 0;\n';
  plan.steps.forEach((step, i) => {
    source += keyStores(step);
    source += step.isText ? textStep(step, i, i === last) : valueStep(step, i, i === last);
    source += `  position = end + ${int(step.literal.length)};\n  o = getO();\n`;
  });
  source += '  target[o] = 125;\n  target[o + 1] = 10;\n  return o + 2;\n};\n';
  return source;
}
