import test from 'ava';
import { writeJson } from '../../../../emulator-shims/lambda/runtime/write-json.mjs';

const written = (value: unknown, buffer = Buffer.alloc(4), at = 0): string | undefined => {
  const answer = writeJson(value, buffer, at);
  return answer === undefined ? undefined : answer.buffer.toString('utf8', at, answer.end);
};

const sameAsStringify = test.macro({
  exec(t, value: unknown) {
    t.is(written(value), JSON.stringify(value));
  },
  title: (provided = '') => `writeJson writes what JSON.stringify writes for ${provided}`,
});

class Point {
  constructor(readonly x = 1, readonly y = 2) {}
}
const withGetter = { get lazy() { return 'computed'; }, plain: [1] };
const nullPrototype = Object.assign(Object.create(null) as Record<string, unknown>, { a: [1, { b: 2 }] });

test('a Firehose answer', sameAsStringify, { records: [{ recordId: 'r1', result: 'Ok', data: 'eyJhIjoxfQo=', metadata: { partitionKeys: { year: '2024' } } }, { recordId: 'r2', result: 'Dropped', data: '' }] });
test('values JSON leaves out or turns to null', sameAsStringify, { u: undefined, f: () => 1, s: Symbol('x'), list: [undefined, () => 1, Symbol('y'), Number.NaN, -0, Infinity], n: null });
test('holes in an array', sameAsStringify, { list: [1, , 3] }); // eslint-disable-line no-sparse-arrays
test('text that needs escaping, non-ASCII and a lone surrogate', sameAsStringify, { 'ke"y\n': ['tab\t', 'quote"back\\slash', '서울 🚀', '\ud800', '\u0001\u007f'] });
test('toJSON at every level', sameAsStringify, { at: new Date(0), list: [new Date(1), { toJSON: (key: string) => `key ${key}` }], nested: { toJSON: (key: string) => key } });
test('an array answer with nested arrays', sameAsStringify, [[1, [2, [3]]], { a: { b: { c: {} } } }, []]);
test('class instances, getters and null prototypes', sameAsStringify, { point: new Point(), list: [new Point(3, 4)], withGetter, nullPrototype });
test('a Map, a Set and a boxed string', sameAsStringify, { list: [new Map([[1, 2]]), new Set([1]), new String('boxed')] });
test('a large answer, written in batches', sameAsStringify, {
  records: Array.from({ length: 5000 }, (_, i) => (i % 97 === 0 ? undefined : i % 89 === 0 ? [i, 'x'.repeat(i)] : { recordId: `r${i}`, data: 'é'.repeat(i % 300), n: i })),
});
test('an element with toJSON deep in a large answer', sameAsStringify, { records: Array.from({ length: 3000 }, (_, i) => (i === 2500 ? new Date(i) : { i })) });
test('a plain string', sameAsStringify, 'just text');
test('a number', sameAsStringify, 42);
test('an object with toJSON itself', sameAsStringify, { toJSON: () => ({ replaced: true }) });

test('writeJson answers undefined where JSON.stringify does', (t) => {
  t.is(writeJson(undefined, Buffer.alloc(0), 0), undefined);
  t.is(writeJson(() => 1, Buffer.alloc(0), 0), undefined);
});

test('writeJson writes after the bytes before `at` and keeps them when it grows the buffer', (t) => {
  const buffer = Buffer.from('head');
  const answer = writeJson({ records: ['x'.repeat(10_000)] }, buffer, 4);
  t.truthy(answer);
  t.is(answer?.buffer.toString('utf8', 0, answer.end), `head${JSON.stringify({ records: ['x'.repeat(10_000)] })}`);
});

test('writeJson throws JSON.stringify\'s own errors for cycles and BigInt', (t) => {
  const cyclic: Record<string, unknown> = { records: [] };
  (cyclic.records as unknown[]).push({ back: cyclic });
  const expected = t.throws(() => JSON.stringify(cyclic));
  t.throws(() => writeJson(cyclic, Buffer.alloc(0), 0), { instanceOf: TypeError, message: expected?.message });
  t.throws(() => writeJson({ list: [1n] }, Buffer.alloc(0), 0), { instanceOf: TypeError, message: /BigInt/ });
});
