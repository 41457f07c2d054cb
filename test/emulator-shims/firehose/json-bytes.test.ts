import test from 'ava';
import { parseJsonBytes } from '../../../emulator-shims/firehose/json-bytes.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

const parsesLikeJsonParse = test.macro({
  exec(t, text: string) {
    const parsed = parseJsonBytes(Buffer.from(text));
    t.deepEqual(parsed, JSON.parse(text));
    t.is(JSON.stringify(parsed), JSON.stringify(JSON.parse(text)));
  },
  title: (_, text: string) => `parseJsonBytes reads ${text.slice(0, 60)} as JSON.parse does`,
});
test(parsesLikeJsonParse, JSON.stringify({ DeliveryStreamName: 'direct', Records: [{ Data: b64('one\n') }, { Data: b64('two\n') }] }));
test(parsesLikeJsonParse, '{ "DeliveryStreamName" : "s" ,\n\t"Records" : [ { "Data" : "eA==" } , { "Data" : "" } ] }\n');
test(parsesLikeJsonParse, '{}');
test(parsesLikeJsonParse, ' [ ] ');
test(parsesLikeJsonParse, '{"a":[1,"x",null,[1,{"b":"}"}],{"c":"d\\"e","f":"\\u0041\\n"}]}');
test(parsesLikeJsonParse, '{"name":"é漢😀","n":-1.5e3,"t":true,"f":false,"z":0,"nested":{"deep":[[[]]]}}');
test(parsesLikeJsonParse, '{"key":"first","key":"second"}');
test(parsesLikeJsonParse, '{"__proto__":{"polluted":true},"a":1}');
test(parsesLikeJsonParse, `${'['.repeat(100)}${']'.repeat(100)}`);

test('parseJsonBytes keeps __proto__ an own property, as JSON.parse does', (t) => {
  const parsed = parseJsonBytes(Buffer.from('{"__proto__":{"polluted":true}}')) as Record<string, unknown>;
  t.true(Object.hasOwn(parsed, '__proto__'));
  t.is(({} as Record<string, unknown>).polluted, undefined);
});

test('parseJsonBytes decodes invalid UTF-8 inside a string as JSON.parse of the decoded text does', (t) => {
  const bytes = Buffer.concat([Buffer.from('{"a":"x'), Buffer.from([0xc3, 0xff, 0xe6]), Buffer.from('","b":1}')]);
  t.deepEqual(parseJsonBytes(bytes), JSON.parse(bytes.toString('utf8')));
});

const throwsLikeJsonParse = test.macro({
  exec(t, text: string) {
    let expected: unknown;
    try {
      JSON.parse(text);
    } catch (error) {
      expected = error;
    }
    const error = t.throws(() => parseJsonBytes(Buffer.from(text)));
    t.is(error.constructor, (expected as Error).constructor);
    t.is(error.message, (expected as Error).message);
  },
  title: (_, text: string) => `parseJsonBytes rejects ${JSON.stringify(text)} with JSON.parse's error`,
});
test(throwsLikeJsonParse, '{"a":1,}');
test(throwsLikeJsonParse, '{"a" 1}');
test(throwsLikeJsonParse, '{"a":tru}');
test(throwsLikeJsonParse, '{"a":"unterminated');
test(throwsLikeJsonParse, '{"a":"tab\there"}');
test(throwsLikeJsonParse, '{"a":1} trailing');
test(throwsLikeJsonParse, '\ufeff{"a":1}');
test(throwsLikeJsonParse, '[1 2]');
test(throwsLikeJsonParse, '{"a":01}');
