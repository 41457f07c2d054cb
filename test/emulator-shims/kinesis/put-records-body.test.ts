import test from 'ava';
import { readPutRecordsBody } from '../../../emulator-shims/kinesis/put-records-body.js';
import { putRecords } from '../../../emulator-shims/kinesis/operations/put-records.js';
import { decodeBody } from '../../../emulator-shims/kinesis/protocol.js';
import { readInput } from '../../../emulator-shims/kinesis/validation.js';

interface Entry { Data: Buffer; PartitionKey: string; ExplicitHashKey?: string }

/** What the JSON parse and readInput make of a body: the input with each Data as hex, or the error thrown. */
function parsed(body: Buffer): unknown {
  try {
    const input = readInput<{ Records: Entry[]; StreamName?: string; StreamARN?: string }>(decodeBody(body, 'json'), putRecords.members);
    return { ...input, Records: input.Records.map((entry) => ({ ...entry, Data: entry.Data.toString('hex') })) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const sdkBody = (name: string, records: Array<[string, string]>): string => JSON.stringify({ Records: records.map(([Data, PartitionKey]) => ({ Data, PartitionKey })), StreamName: name });

/** The reader reads `body` (when `read`) into exactly the input the parse and readInput give; or leaves it to them. */
const readsLikeTheParse = test.macro({
  exec(t, body: string | Buffer, read: boolean) {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const fast = readPutRecordsBody(bytes);
    if (!read) {
      t.is(fast, undefined);
      return;
    }
    t.truthy(fast, 'the body is read from its bytes');
    const asParsed = { ...fast!, Records: fast!.Records.map((entry) => ({ ...entry, Data: entry.Data.toString('hex') })) };
    t.deepEqual(asParsed, parsed(bytes));
    // The same members in the same order, so the operation sees the same shape either way.
    t.deepEqual(Object.keys(fast!), Object.keys(parsed(bytes) as object));
    t.deepEqual(fast!.Records.map((entry) => Object.keys(entry)), fast!.Records.map(() => ['Data', 'PartitionKey']));
  },
  title: (provided = '', _body, read: boolean) => `a PutRecords body of ${provided} is ${read ? 'read from its bytes as the JSON parse and readInput read it' : 'left to the JSON parse and readInput'}`,
});

test('records as the SDK and the agent send them', readsLikeTheParse, sdkBody('s', [[b64('a'), 'k1'], [b64('bc'), 'k 2'], [b64('def'), '~!#$%&\'()*+,-./:;<=>?@[]^_`{|}'], ['', 'k4'], [b64('x'.repeat(250)), 'a'.repeat(256)]]), true);
test('500 records', readsLikeTheParse, sdkBody('s', Array.from({ length: 500 }, (_, index) => [b64(`line ${index}\n`), `key-${index}`] as [string, string])), true);
test('the members in the other orders, with whitespace between every token', readsLikeTheParse,
  ` \n{ "StreamName" :\t"a.b-c_9" , "Records" : [ { "PartitionKey" : "p" , "Data" : "${b64('a')}" } ,{"Data":"${b64('bb')}","PartitionKey":"q"}\r\n] } \n`, true);
test('a stream name of 128 characters', readsLikeTheParse, sdkBody('n'.repeat(128), [[b64('a'), 'k']]), true);
test('binary data', readsLikeTheParse, sdkBody('s', [[Buffer.from([0, 0xff, 0xfe, 0x80, 0x0a]).toString('base64'), 'k']]), true);

test('501 records', readsLikeTheParse, sdkBody('s', Array.from({ length: 501 }, () => [b64('x'), 'k'] as [string, string])), false);
test('no records', readsLikeTheParse, sdkBody('s', []), false);
test('a stream name of 129 characters', readsLikeTheParse, sdkBody('n'.repeat(129), [[b64('a'), 'k']]), false);
test('an empty stream name', readsLikeTheParse, sdkBody('', [[b64('a'), 'k']]), false);
test('a stream name with a character the pattern refuses', readsLikeTheParse, sdkBody('a b', [[b64('a'), 'k']]), false);
test('a stream name that is a number', readsLikeTheParse, `{"StreamName":7,"Records":[{"Data":"${b64('a')}","PartitionKey":"k"}]}`, false);
test('a StreamARN instead of a name', readsLikeTheParse, `{"StreamARN":"arn:aws:kinesis:us-east-1:123456789012:stream/s","Records":[{"Data":"${b64('a')}","PartitionKey":"k"}]}`, false);
test('no stream name', readsLikeTheParse, `{"Records":[{"Data":"${b64('a')}","PartitionKey":"k"}]}`, false);
test('no Records', readsLikeTheParse, '{"StreamName":"s"}', false);
test('a stream name given twice', readsLikeTheParse, `{"StreamName":"t","StreamName":"s","Records":[{"Data":"${b64('a')}","PartitionKey":"k"}]}`, false);
test('Records given twice', readsLikeTheParse, `{"StreamName":"s","Records":[{"Data":"${b64('a')}","PartitionKey":"k"}],"Records":[{"Data":"${b64('b')}","PartitionKey":"k"}]}`, false);
test('another member', readsLikeTheParse, `{"StreamName":"s","Records":[{"Data":"${b64('a')}","PartitionKey":"k"}],"Other":1}`, false);
test('a __proto__ member', readsLikeTheParse, `{"__proto__":{"x":1},"StreamName":"s","Records":[{"Data":"${b64('a')}","PartitionKey":"k"}]}`, false);
test('a record with an ExplicitHashKey', readsLikeTheParse, `{"StreamName":"s","Records":[{"Data":"${b64('a')}","PartitionKey":"k","ExplicitHashKey":"7"}]}`, false);
test('a record with another member', readsLikeTheParse, `{"StreamName":"s","Records":[{"Data":"${b64('a')}","PartitionKey":"k","Other":1}]}`, false);
test('a record whose Data is given twice', readsLikeTheParse, `{"StreamName":"s","Records":[{"Data":"${b64('a')}","Data":"${b64('b')}","PartitionKey":"k"}]}`, false);
test('a record whose partition key is given twice', readsLikeTheParse, `{"StreamName":"s","Records":[{"Data":"${b64('a')}","PartitionKey":"j","PartitionKey":"k"}]}`, false);
test('a record whose Data is not a string', readsLikeTheParse, '{"StreamName":"s","Records":[{"Data":5,"PartitionKey":"k"}]}', false);
test('a record without Data', readsLikeTheParse, '{"StreamName":"s","Records":[{"PartitionKey":"k"}]}', false);
test('a record without a partition key', readsLikeTheParse, `{"StreamName":"s","Records":[{"Data":"${b64('a')}"}]}`, false);
test('an empty partition key', readsLikeTheParse, sdkBody('s', [[b64('a'), '']]), false);
test('a partition key of 257 characters', readsLikeTheParse, sdkBody('s', [[b64('a'), 'k'.repeat(257)]]), false);
test('a partition key that is not ASCII', readsLikeTheParse, sdkBody('s', [[b64('a'), 'clé']]), false);
test('a partition key that is a number', readsLikeTheParse, `{"StreamName":"s","Records":[{"Data":"${b64('a')}","PartitionKey":5}]}`, false);
test('a partition key holding a tab', readsLikeTheParse, Buffer.from(`{"StreamName":"s","Records":[{"Data":"${b64('a')}","PartitionKey":"a\tb"}]}`), false);
test('an empty record', readsLikeTheParse, '{"StreamName":"s","Records":[{}]}', false);
test('a null record', readsLikeTheParse, '{"StreamName":"s","Records":[null]}', false);
test('an escape in a partition key (valid JSON, the same text)', readsLikeTheParse, `{"StreamName":"s","Records":[{"Data":"${b64('a')}","PartitionKey":"\\u006b"}]}`, false);
for (const [label, data] of [['URL-safe', '-_-_'], ['unpadded', 'YQ'], ['with bits after its last character', 'eB=='], ['with padding inside', 'eA==eA=='], ['with a space', 'eA= '], ['not base64', 'no!ok==='], ['holding a control character', 'eA=\u0001']] as const) {
  test(`Data that is ${label} in the last record`, readsLikeTheParse, sdkBody('s', [[b64('a'), 'k'], [data, 'k']]), false);
}
test('Data of 1 MiB and one byte', readsLikeTheParse, sdkBody('s', [[Buffer.alloc(1_048_577).toString('base64'), 'k']]), false);
test('Data of 1 MiB', readsLikeTheParse, sdkBody('s', [[Buffer.alloc(1_048_576, 7).toString('base64'), 'k']]), true);
test('text after the object', readsLikeTheParse, `${sdkBody('s', [[b64('a'), 'k']])}x`, false);
test('a body cut short inside a record', readsLikeTheParse, sdkBody('s', [[b64('a'), 'k'], [b64('b'), 'k']]).slice(0, -30), false);
test('a body cut short after the list', readsLikeTheParse, sdkBody('s', [[b64('a'), 'k']]).slice(0, -1), false);
test('a trailing comma in a record', readsLikeTheParse, `{"StreamName":"s","Records":[{"Data":"${b64('a')}","PartitionKey":"k",}]}`, false);
test('a trailing comma in the list', readsLikeTheParse, `{"StreamName":"s","Records":[{"Data":"${b64('a')}","PartitionKey":"k"},]}`, false);
test('a JSON list', readsLikeTheParse, '[]', false);
test('an empty body', readsLikeTheParse, '', false);
test('a key that only begins like a member\'s', readsLikeTheParse, `{"StreamNameX":"s","Records":[{"Data":"${b64('a')}","PartitionKey":"k"}]}`, false);
test('a record key that only begins like PartitionKey', readsLikeTheParse, `{"StreamName":"s","Records":[{"Data":"${b64('a')}","PartitionKeys":"k"}]}`, false);

test('the records\' data are views of one buffer, each exactly its decoded bytes', (t) => {
  const read = readPutRecordsBody(Buffer.from(sdkBody('s', [[b64('a'), 'k'], [b64('bcd'), 'k'], ['', 'k'], [b64('efgh'), 'k']])));
  t.deepEqual(read?.Records.map((entry) => entry.Data.toString()), ['a', 'bcd', '', 'efgh']);
  t.true(read!.Records.every((entry) => entry.Data.buffer === read!.Records[0]!.Data.buffer));
});
