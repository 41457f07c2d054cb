import test from 'ava';
import { isJsonText } from '../../../emulator-shims/lambda/json-text.js';

const parses = (bytes: Buffer): boolean => {
  try {
    JSON.parse(bytes.toString('utf8'));
    return true;
  } catch {
    return false;
  }
};

/** Every way of cutting the bytes in two, so each state is crossed at a chunk boundary. */
const splits = (bytes: Buffer): Buffer[][] => Array.from({ length: bytes.length + 1 }, (_, at) => [bytes.subarray(0, at), bytes.subarray(at)]);

const agreesWithJsonParse = test.macro({
  exec(t, text: string | Buffer) {
    const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
    const expected = parses(bytes);
    t.is(isJsonText([bytes]), expected);
    for (const pieces of splits(bytes)) t.is(isJsonText(pieces), expected, `split at ${pieces[0]!.length}`);
  },
  title: (_, text) => `isJsonText judges ${JSON.stringify(Buffer.isBuffer(text) ? text.toString('latin1') : text)} as JSON.parse does, across any chunk split`,
});

for (const text of [
  '{"records":[{"recordId":"1","data":"SGVsbG8="}],"n":-0.5e+10,"ok":true,"no":false,"nil":null}',
  ' [ 1 , { "k" : "v\\u00e9\\n\\"\\\\\\/" } , [] , {} ] ',
  '0', '-0', '12', '1.5', '1e5', '1E-5', '"\\ud800"', '"é漢😀"', 'true',
  '', ' ', '01', '1.', '.5', '-', '1e', '+1', '[1,]', '{"a":1,}', '{"a" 1}', '{a:1}', "'x'", '"\\x41"', '"\\u12G4"',
  '[1] [2]', 'nul', 'truex', '{"a":1}}', '[[]', '"tab\there"', '"line\nbreak"', '\ufeff{}', 'NaN', 'Infinity',
]) test(agreesWithJsonParse, text);

test(agreesWithJsonParse, Buffer.from([0x22, 0xff, 0xfe, 0x22]));
test(agreesWithJsonParse, Buffer.from([0x5b, 0xc3, 0xa9, 0x5d]));

test('isJsonText agrees with JSON.parse on mutated documents', (t) => {
  const seeds = ['{"a":[1,2.5e+3,-0,0.1,true,false,null,"x\\u00e9\\n"],"b":{"c":[]}}', '[{"recordId":"r","result":"Ok","data":"eA=="}]'];
  const alphabet = '{}[],:"\\ \n0123456789-+.eEtrufalsnxu/A\u0001é';
  // A fixed seed: the same mutations every run.
  let seed = 7;
  const random = (limit: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % limit;
  };
  for (let round = 0; round < 5_000; round += 1) {
    let text = seeds[random(seeds.length)]!;
    for (let edit = 0; edit < 1 + random(3); edit += 1) {
      const at = random(text.length + 1);
      const char = alphabet[random(alphabet.length)]!;
      text = random(2) === 0 ? text.slice(0, at) + char + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
    }
    const bytes = Buffer.from(text);
    const cut = random(bytes.length + 1);
    if (isJsonText([bytes.subarray(0, cut), bytes.subarray(cut)]) !== parses(bytes)) {
      t.fail(`disagrees with JSON.parse on ${JSON.stringify(text)}`);
      return;
    }
  }
  t.pass();
});

test('isJsonText accepts deeply nested arrays', (t) => {
  t.true(isJsonText([Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)]));
});

test('isJsonText finds a control byte, quote or backslash at every position of a long string, across chunk splits', (t) => {
  for (const special of ['\u0001', '\u001f', '"', '\\"', '\\n', '\u007f', 'é']) {
    for (let at = 0; at < 12; at += 1) {
      const text = `["${'A'.repeat(at)}${special}${'B'.repeat(13 - at)}"]`;
      const bytes = Buffer.from(text);
      const expected = (() => {
        try {
          JSON.parse(text);
          return true;
        } catch {
          return false;
        }
      })();
      for (const split of [0, 3, 5, bytes.length - 1]) t.is(isJsonText([bytes.subarray(0, split), bytes.subarray(split)]), expected, `${JSON.stringify(text)} split at ${split}`);
    }
  }
});
