import test from 'ava';
import { checkLambdaResponse } from '../../../emulator-shims/firehose/lambda-response.js';
import { parseJsonBytes } from '../../../emulator-shims/firehose/json-bytes.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

/** parseJsonBytes's answer for `text`, or the error's type and message, beside JSON.parse's. */
const bothWays = (text: string): [unknown, unknown] => {
  const outcome = (parse: () => unknown) => {
    try {
      return { value: parse() };
    } catch (error) {
      return { error: `${(error as Error).name}: ${(error as Error).message}` };
    }
  };
  return [outcome(() => parseJsonBytes(Buffer.from(text))), outcome(() => JSON.parse(text))];
};

const readsLikeJsonParse = test.macro({
  exec(t, text: string) {
    const [bytes, parsed] = bothWays(text);
    t.deepEqual(bytes, parsed);
  },
  title: (_, text: string) => `a Lambda answer ${text.slice(0, 60)} is read from its bytes as JSON.parse reads it`,
});
test(readsLikeJsonParse, JSON.stringify({ records: [{ recordId: '1', result: 'Ok', data: b64('x') }, { recordId: '2', result: 'Dropped', data: '' }] }));
test(readsLikeJsonParse, '{ "records" : [ { "recordId" : "1" , "result" : "Ok" , "data" : "eA==" , "metadata" : { "partitionKeys" : { "year" : "2024" , "n" : 7 } } } ] }\n');
test(readsLikeJsonParse, '{"records":[]}');
test(readsLikeJsonParse, '{"records":[1,"x",null,[1,{"a":"}"}],{"recordId":"a\\"b","data":"\\u0041"}]}');
test(readsLikeJsonParse, '{"records":[{"recordId":"é漢😀","result":"Ok","x":[1,2,{"y":"]"}],"z":-1.5e3,"t":true,"f":false}]}');
test(readsLikeJsonParse, '{"records":[{"recordId":"1","recordId":"2"}]}');
for (const text of [
  '{"other":1,"records":[]}', '{"records":[],"records":[]}', '{"rec\\u006frds":[]}', '{"records":[{"__proto__":{"a":1}}]}',
  '{"records":[{"recordId":"line\nbreak"}]}', '{"records":[{"recordId":1 2}]}', '{"records":[', '{"records":[]} x', '[]', '',
]) test(readsLikeJsonParse, text);

test('Lambda answers read from bytes agree with JSON.parse on mutated responses', (t) => {
  const seeds = [
    JSON.stringify({ records: [{ recordId: '1', result: 'Ok', data: b64('x'), metadata: { partitionKeys: { year: '2024' } } }, { recordId: '2', result: 'Dropped', data: '' }] }),
    '{"records": [{"recordId": "é", "result": "Ok", "data": "eA==", "n": [1, {"a": "]"}]}]}',
  ];
  const alphabet = '{}[],:"\\ \n0123456789-+.eEtrufalsnxu/A\u0001é';
  // A fixed seed: the same mutations every run.
  let seed = 3;
  const random = (limit: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % limit;
  };
  for (let round = 0; round < 20_000; round += 1) {
    let text = seeds[random(seeds.length)]!;
    for (let edit = 0; edit < 1 + random(3); edit += 1) {
      const at = random(text.length + 1);
      text = random(2) === 0 ? text.slice(0, at) + alphabet[random(alphabet.length)]! + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
    }
    const [bytes, parsed] = bothWays(text);
    if (JSON.stringify(bytes) !== JSON.stringify(parsed)) {
      t.fail(`read ${JSON.stringify(text)} differently from JSON.parse`);
      return;
    }
  }
  t.pass();
});

const sameVerdict = test.macro({
  exec(t, records: unknown[], sent: string[]) {
    const text = JSON.stringify({ records });
    t.deepEqual(checkLambdaResponse(new Uint8Array(Buffer.from(text)), sent), checkLambdaResponse(text, sent));
  },
  title: (provided = '') => `checkLambdaResponse gives the same verdict for response bytes as for its text: ${provided}`,
});
test('all Ok with partition keys', sameVerdict, [{ recordId: '1', result: 'Ok', data: b64('x'), metadata: { partitionKeys: { year: '2024', n: 7 } } }], ['1']);
test('a missing recordId', sameVerdict, [{ recordId: '1', result: 'Ok', data: b64('x') }], ['1', '2']);
test('a duplicated recordId', sameVerdict, [{ recordId: '1', result: 'Ok', data: b64('x') }, { recordId: '1', result: 'Ok', data: b64('x') }], ['1']);
test('an unknown result', sameVerdict, [{ recordId: '1', result: 'Maybe', data: b64('x') }], ['1']);
test('data that is not base64', sameVerdict, [{ recordId: '1', result: 'Ok', data: 'not base64!' }], ['1']);
test('a numeric recordId', sameVerdict, [{ recordId: 1, result: 'Ok', data: b64('x') }], ['1']);
