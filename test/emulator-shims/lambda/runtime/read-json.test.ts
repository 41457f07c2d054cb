import test from 'ava';
import { readJson } from '../../../../emulator-shims/lambda/runtime/read-json.mjs';

// Large enough to take the member-by-member path.
const padding = 'x'.repeat(300_000);

const sameAsParse = test.macro({
  exec(t, text: string) {
    const bytes = Buffer.from(text);
    let expected: unknown;
    try {
      expected = JSON.parse(text);
    } catch (error) {
      t.throws(() => readJson(bytes), { instanceOf: SyntaxError, message: (error as Error).message });
      return;
    }
    const value = readJson(bytes);
    t.deepEqual(value, expected);
    t.is(JSON.stringify(value), JSON.stringify(expected));
  },
  title: (provided = '') => `readJson gives what JSON.parse gives for ${provided}`,
});

const records = Array.from({ length: 4000 }, (_, i) => ({ recordId: `r${i}`, data: Buffer.from(`line ${i} "quoted" \\ é`).toString('base64'), nested: { list: [i, [i], {}], text: 'a]b}c,d"e\\' } }));
test('a large Firehose event', sameAsParse, JSON.stringify({ invocationId: 'id', deliveryStreamArn: 'arn', region: 'us-east-1', records }));
test('the same event with whitespace everywhere', sameAsParse, JSON.stringify({ padding, records: records.slice(0, 500), empty: [], inner: { a: [] } }, null, 2).replace(/,\n/g, ' ,\n\t'));
test('empty arrays and objects, numbers and literals', sameAsParse, JSON.stringify({ padding, a: [], o: {}, n: -1.5e-7, t: true, f: false, z: null, list: [[], {}, 0, '', [[]]] }));
test('escaped quotes and backslashes before closing quotes', sameAsParse, `{"p":"${padding}","k\\"ey\\\\":["a\\\\","b\\"",  "\\u0022"],"u":"\\ud83d\\ude80"}`);
test('duplicate keys, the last one winning in the first one\'s place', sameAsParse, `{"a":1,"p":"${padding}","b":[1,2],"a":[3]}`);
test('a __proto__ key, an own property as JSON.parse makes it', sameAsParse, `{"p":"${padding}","__proto__":{"polluted":true}}`);
test('keys that look like numbers', sameAsParse, `{"p":"${padding}","2":[2],"1":"one","b":0}`);
test('a top-level array', sameAsParse, JSON.stringify([padding, 1, { a: [2] }]));
test('a top-level string', sameAsParse, JSON.stringify(padding));
test('a trailing comma in an array', sameAsParse, `{"p":"${padding}","a":[1,2,]}`);
test('a missing closing brace', sameAsParse, `{"p":"${padding}","a":[1,2]`);
test('text after the object', sameAsParse, `{"p":"${padding}"} x`);
test('a raw control character inside a string', sameAsParse, `{"p":"${padding}","a":["a\u0001b"]}`);
test('a small event', sameAsParse, '{"records":[{"data":"eA=="}]}');

// Compact arrays of objects are cut where "},{" appears: these put it where a cut would be wrong.
const gapInStrings = Array.from({ length: 3000 }, (_, i) => ({ id: i, text: i % 7 === 0 ? `x"},{"id":-1,"text":"` : `${'y'.repeat(90)}},{}` }));
test('objects whose strings hold "},{"', sameAsParse, JSON.stringify({ padding, records: gapInStrings }));
const gapInNesting = Array.from({ length: 3000 }, (_, i) => ({ id: i, inner: [{ a: i }, { b: [{}, {}] }], pad: 'z'.repeat(80) }));
test('objects holding arrays of objects', sameAsParse, JSON.stringify({ records: gapInNesting, after: [1] }));
test('a compact array of objects followed by more members', sameAsParse, JSON.stringify({ records: records.map((r) => ({ recordId: r.recordId, data: r.data })), tail: { a: [{ b: 1 }, { c: 2 }] }, n: 1 }));
test('a compact array of objects with a broken element far into it', sameAsParse, JSON.stringify({ records: records.slice(0, 3000) }).replace('"r2500"', '"r2500",'));
test('a compact array of objects cut short', sameAsParse, JSON.stringify({ records: records.slice(0, 3000) }).slice(0, -2));
