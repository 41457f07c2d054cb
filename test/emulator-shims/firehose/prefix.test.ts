import test from 'ava';
import {
  checkPrefixRules, createRandomString, effectiveErrorPrefix, effectivePrefix, evaluatePrefix, parsePrefix, partitionKeyOf, partitionKeyReader,
  PrefixEvaluationError, PrefixSyntaxError, type PrefixValues,
} from '../../../emulator-shims/firehose/prefix.js';

const AUG_27 = Date.parse('2018-08-27T10:30:00Z');
const JUL_06 = Date.parse('2018-07-06T23:15:00Z');
const values = (timestampMs: number, extra: Partial<PrefixValues> = {}): PrefixValues => ({ timestampMs, timeZone: 'UTC', randomString: () => 'r4nd0mstr1n', ...extra });

const rule = test.macro({
  exec(t, settings: Parameters<typeof checkPrefixRules>[0], expected: string | undefined) {
    const problems = checkPrefixRules(settings);
    if (expected === undefined) t.deepEqual(problems, []);
    else t.regex(problems[0] ?? '', new RegExp(expected));
  },
  title: (provided = '') => `prefix rule: ${provided}`,
});

test('1. "!{" may appear only as the start of an expression', rule, { prefix: 'a/!{oops', errorOutputPrefix: 'e/!{firehose:error-output-type}', dynamicPartitioning: false }, "must be the start of a valid expression");
test('1. an unknown namespace is not an expression', rule, { prefix: 'a/!{nope:x}/', errorOutputPrefix: 'e/!{firehose:error-output-type}', dynamicPartitioning: false }, 'unknown namespace');
test('2. an ErrorOutputPrefix with expressions must contain !{firehose:error-output-type}', rule, { prefix: 'a/', errorOutputPrefix: 'e/!{timestamp:yyyy}/', dynamicPartitioning: false }, 'must contain !\\{firehose:error-output-type\\}');
test('3. Prefix must not contain !{firehose:error-output-type}', rule, { prefix: 'a/!{firehose:error-output-type}/', errorOutputPrefix: 'e/!{firehose:error-output-type}', dynamicPartitioning: false }, 'Prefix cannot contain');
test('4. ErrorOutputPrefix may not be null when Prefix has expressions', rule, { prefix: '!{timestamp:yyyy/MM/dd}', dynamicPartitioning: false }, '^ErrorOutputPrefix cannot be null or empty when Prefix contains expressions$');
test('4. an empty ErrorOutputPrefix counts as null', rule, { prefix: '!{timestamp:yyyy/MM/dd}', errorOutputPrefix: '', dynamicPartitioning: false }, 'cannot be null or empty');
test('4. ErrorOutputPrefix may be null when Prefix has no expressions', rule, { prefix: 'myFirehosePrefix', dynamicPartitioning: false }, undefined);
test('8. dynamic partitioning makes ErrorOutputPrefix mandatory', rule, { prefix: 'p/', dynamicPartitioning: true }, 'dynamic partitioning');
test('partition keys are refused without dynamic partitioning', rule, { prefix: 'x=!{partitionKeyFromLambda:x}/', errorOutputPrefix: 'e/!{firehose:error-output-type}/', dynamicPartitioning: false }, 'only when dynamic partitioning is enabled');
test('partition keys are refused in ErrorOutputPrefix', rule, { prefix: 'x=!{partitionKeyFromLambda:x}/', errorOutputPrefix: 'e/!{firehose:error-output-type}/!{partitionKeyFromLambda:x}', dynamicPartitioning: true }, 'ErrorOutputPrefix cannot contain partitionKey');
test('an invalid DateTimeFormatter pattern is refused', rule, { prefix: '!{timestamp:yyyy/bb}', errorOutputPrefix: 'e/!{firehose:error-output-type}', dynamicPartitioning: false }, 'not a valid DateTimeFormatter pattern');
test('the local default layout is accepted', rule, {
  prefix: 'kinesis/firehose/migration/year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/',
  errorOutputPrefix: 'kinesis/firehose/origin/error/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/', dynamicPartitioning: true,
}, undefined);

test('5. an evaluated prefix longer than 512 characters is an evaluation error', (t) => {
  t.throws(() => evaluatePrefix(parsePrefix(`${'a'.repeat(510)}/!{timestamp:yyyy}`), values(AUG_27)), { instanceOf: PrefixEvaluationError });
});

test('6. a Prefix without expressions gets yyyy/MM/dd/HH/ appended literally (myprefix → myprefix2018/08/27/10/)', (t) => {
  t.is(evaluatePrefix(effectivePrefix('myprefix'), values(AUG_27)), 'myprefix2018/08/27/10/');
  t.is(evaluatePrefix(effectivePrefix(undefined), values(AUG_27)), '2018/08/27/10/');
});

test('6. a Prefix with partition keys only gets no time prefix appended (UNCONFIRMED choice)', (t) => {
  t.is(evaluatePrefix(effectivePrefix('k=!{partitionKeyFromLambda:k}/'), values(AUG_27, { lambdaKeys: { k: 'v' } })), 'k=v/');
});

test('7. without ErrorOutputPrefix, errors go under <Prefix><error-output-type>/yyyy/MM/dd/HH/', (t) => {
  t.is(evaluatePrefix(effectiveErrorPrefix('myFirehosePrefix/', undefined), values(AUG_27, { errorOutputType: 'processing-failed' })), 'myFirehosePrefix/processing-failed/2018/08/27/10/');
});

const example = test.macro({
  exec(t, prefix: string | undefined, errorPrefix: string | undefined, at: number, expected: [string, string]) {
    t.is(evaluatePrefix(effectivePrefix(prefix), values(at)), expected[0]);
    t.is(evaluatePrefix(effectiveErrorPrefix(prefix, errorPrefix), values(at, { errorOutputType: 'processing-failed' })), expected[1]);
  },
  title: (provided = '') => `worked example §6: ${provided}`,
});
test('unset Prefix with myFirehoseFailures/!{firehose:error-output-type}/', example, undefined, 'myFirehoseFailures/!{firehose:error-output-type}/', AUG_27, ['2018/08/27/10/', 'myFirehoseFailures/processing-failed/']);
test('DeliveredYear and random-string', example,
  'myFirehose/DeliveredYear=!{timestamp:yyyy}/anyMonth/rand=!{firehose:random-string}',
  'myFirehoseFailures/!{firehose:error-output-type}/!{timestamp:yyyy}/anyMonth/!{timestamp:dd}', AUG_27,
  ['myFirehose/DeliveredYear=2018/anyMonth/rand=r4nd0mstr1n', 'myFirehoseFailures/processing-failed/2018/anyMonth/27']);
test('hive-style year/month/day/hour', example,
  'myPrefix/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/',
  'myErrorPrefix/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/!{firehose:error-output-type}', JUL_06,
  ['myPrefix/year=2018/month=07/day=06/hour=23/', 'myErrorPrefix/year=2018/month=07/day=06/hour=23/processing-failed']);
test('myFirehosePrefix without ErrorOutputPrefix (literal append)', example, 'myFirehosePrefix', undefined, AUG_27,
  ['myFirehosePrefix2018/08/27/10/', 'myFirehosePrefixprocessing-failed/2018/08/27/10/']);

test('worked example §6: !{timestamp:yyyy/MM/dd} with no ErrorOutputPrefix is rejected', (t) => {
  t.not(checkPrefixRules({ prefix: '!{timestamp:yyyy/MM/dd}', dynamicPartitioning: false }).length, 0);
});

test('every timestamp expression in a prefix resolves to the same instant, in CustomTimeZone', (t) => {
  t.is(evaluatePrefix(parsePrefix('!{timestamp:yyyy}/!{timestamp:MM-dd HH}'), values(Date.parse('2018-12-31T16:30:00Z'), { timeZone: 'Asia/Seoul' })), '2019/01-01 01');
});

test('firehose:random-string is fresh for every occurrence and 11 characters long', (t) => {
  let count = 0;
  const text = evaluatePrefix(parsePrefix('!{firehose:random-string}/!{firehose:random-string}'), values(AUG_27, { randomString: () => `s${(count += 1)}` }));
  t.is(text, 's1/s2');
  t.regex(createRandomString(), /^[0-9a-z]{11}$/);
});

test('a missing partition key is an evaluation error naming the key', (t) => {
  const tokens = parsePrefix('y=!{partitionKeyFromLambda:year}/');
  t.throws(() => partitionKeyOf(tokens, {}), { instanceOf: PrefixEvaluationError, message: /'year'/ });
  t.is(partitionKeyOf(tokens, { year: '2024' }), 'partitionKeyFromLambda:year=2024');
});

test('parsePrefix keeps literals and names each expression kind', (t) => {
  t.deepEqual(parsePrefix('a/!{timestamp:yyyy}/!{partitionKeyFromQuery:c}'), [
    { kind: 'literal', text: 'a/' }, { kind: 'timestamp', pattern: 'yyyy' }, { kind: 'literal', text: '/' }, { kind: 'partitionKeyFromQuery', key: 'c' },
  ]);
  t.throws(() => parsePrefix('!{firehose:other}'), { instanceOf: PrefixSyntaxError });
});

test('partitionKeyReader gives each record partitionKeyOf\'s partition, the same string again for a record of the last one\'s values, and throws for a missing key', (t) => {
  const tokens = parsePrefix('logs/!{partitionKeyFromLambda:year}/!{partitionKeyFromQuery:customer}/!{timestamp:HH}/');
  const read = partitionKeyReader(tokens);
  const records: Array<[Record<string, string>, Record<string, string>]> = [
    [{ year: '2026' }, { customer: 'a' }], [{ year: '2026' }, { customer: 'a' }], [{ year: '2026' }, { customer: 'b' }], [{ year: '2027' }, { customer: 'b' }], [{ year: '2026' }, { customer: 'a' }],
  ];
  let last = '';
  for (const [lambdaKeys, queryKeys] of records) {
    const partition = read(lambdaKeys, queryKeys);
    t.is(partition, partitionKeyOf(tokens, lambdaKeys, queryKeys));
    last = partition;
  }
  t.is(last, 'partitionKeyFromLambda:year=2026\u0000partitionKeyFromQuery:customer=a');
  t.throws(() => read({ year: '2026' }, {}), { instanceOf: PrefixEvaluationError, message: /'customer'/ });
  t.is(read({ year: '2026' }, { customer: 'a' }), last);
});
