import test from 'ava';
import { readPutRecordBatchBody } from '../../../../emulator-shims/firehose/operations/put-record-batch-body.js';
import { putRecordBatch } from '../../../../emulator-shims/firehose/operations/put-record-batch.js';
import { validateInput } from '../../../../emulator-shims/firehose/validation.js';

/** What the generic path makes of a body: the stream name and the records' bytes, or the error it throws. */
function parsed(body: Buffer): { name: string; records: string[] } | { error: string } {
  try {
    const input = JSON.parse(body.toString('utf8')) as { DeliveryStreamName: string; Records: { Data: string }[] };
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return { error: 'not an object' };
    validateInput(input, putRecordBatch.table);
    return { name: input.DeliveryStreamName, records: input.Records.map((record) => Buffer.from(record.Data, 'base64').toString('hex')) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const sdkBody = (name: string, texts: string[]): string => JSON.stringify({ DeliveryStreamName: name, Records: texts.map((Data) => ({ Data })) });

/** The reader reads `body` (when `read`), with exactly the generic path's stream name and records; or leaves it to that path. */
const readsLikeTheParse = test.macro({
  exec(t, body: string | Buffer, read: boolean) {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const fast = readPutRecordBatchBody(bytes);
    if (!read) {
      t.is(fast, undefined);
      return;
    }
    t.truthy(fast, 'the body is read from its bytes');
    t.deepEqual({ name: fast!.deliveryStreamName, records: fast!.records.map((record) => record.toString('hex')) }, parsed(bytes));
  },
  title: (provided = '', _body, read: boolean) => `a PutRecordBatch body of ${provided} is ${read ? 'read from its bytes as the JSON parse reads it' : 'left to the JSON parse and the table'}`,
});

test('records as an SDK sends them', readsLikeTheParse, sdkBody('s', [b64('a'), b64('bc'), b64('def'), '', b64('x'.repeat(250))]), true);
test('500 records', readsLikeTheParse, sdkBody('s', Array.from({ length: 500 }, (_, index) => b64(`line ${index}\n`))), true);
test('the members in the other order, with whitespace between every token', readsLikeTheParse,
  ` \n{ "Records" :\t[ { "Data" : "${b64('a')}" } ,{"Data":"${b64('bb')}"}\r\n] , "DeliveryStreamName" : "a.b-c_9" } \n`, true);
test('a stream name of 64 characters', readsLikeTheParse, sdkBody('n'.repeat(64), [b64('a')]), true);
test('binary data', readsLikeTheParse, sdkBody('s', [Buffer.from([0, 0xff, 0xfe, 0x80, 0x0a]).toString('base64')]), true);

test('501 records', readsLikeTheParse, sdkBody('s', Array.from({ length: 501 }, () => b64('x'))), false);
test('no records', readsLikeTheParse, sdkBody('s', []), false);
test('a stream name of 65 characters', readsLikeTheParse, sdkBody('n'.repeat(65), [b64('a')]), false);
test('an empty stream name', readsLikeTheParse, sdkBody('', [b64('a')]), false);
test('a stream name with a character the pattern refuses', readsLikeTheParse, sdkBody('a b', [b64('a')]), false);
test('a stream name that is not ASCII', readsLikeTheParse, sdkBody('é', [b64('a')]), false);
test('a stream name that is a number', readsLikeTheParse, `{"DeliveryStreamName":7,"Records":[{"Data":"${b64('a')}"}]}`, false);
test('no stream name', readsLikeTheParse, `{"Records":[{"Data":"${b64('a')}"}]}`, false);
test('no Records', readsLikeTheParse, '{"DeliveryStreamName":"s"}', false);
test('a stream name given twice', readsLikeTheParse, `{"DeliveryStreamName":"t","DeliveryStreamName":"s","Records":[{"Data":"${b64('a')}"}]}`, false);
test('Records given twice', readsLikeTheParse, `{"DeliveryStreamName":"s","Records":[{"Data":"${b64('a')}"}],"Records":[{"Data":"${b64('b')}"}]}`, false);
test('another member', readsLikeTheParse, `{"DeliveryStreamName":"s","Records":[{"Data":"${b64('a')}"}],"Other":1}`, false);
test('a __proto__ member', readsLikeTheParse, `{"__proto__":{"x":1},"DeliveryStreamName":"s","Records":[{"Data":"${b64('a')}"}]}`, false);
test('a record with another member', readsLikeTheParse, `{"DeliveryStreamName":"s","Records":[{"Data":"${b64('a')}","Other":1}]}`, false);
test('a record whose Data is not a string', readsLikeTheParse, '{"DeliveryStreamName":"s","Records":[{"Data":5}]}', false);
test('a record without Data', readsLikeTheParse, '{"DeliveryStreamName":"s","Records":[{}]}', false);
test('a null record', readsLikeTheParse, '{"DeliveryStreamName":"s","Records":[null]}', false);
test('an escape in a record\'s Data (valid JSON, the same text)', readsLikeTheParse, '{"DeliveryStreamName":"s","Records":[{"Data":"eA\\u003d\\u003d"}]}', false);
test('an escaped slash in the stream name', readsLikeTheParse, `{"DeliveryStreamName":"a\\/b","Records":[{"Data":"${b64('a')}"}]}`, false);
for (const [label, data] of [['URL-safe', '-_-_'], ['unpadded', 'YQ'], ['with bits after its last character', 'eB=='], ['with padding inside', 'eA==eA=='], ['with a space', 'eA= '], ['not base64', 'no!ok==='], ['holding a control character', 'eA=\u0001']] as const) {
  test(`Data that is ${label} in the last record`, readsLikeTheParse, sdkBody('s', [b64('a'), data]), false);
}
test('Data holding UTF-8 text', readsLikeTheParse, Buffer.from(`{"DeliveryStreamName":"s","Records":[{"Data":"ü\u00fcAA"}]}`), false);
test('text after the object', readsLikeTheParse, `${sdkBody('s', [b64('a')])}x`, false);
test('a second object after the first', readsLikeTheParse, `${sdkBody('s', [b64('a')])}{}`, false);
test('a body cut short inside a record', readsLikeTheParse, sdkBody('s', [b64('a'), b64('b')]).slice(0, -8), false);
test('a body cut short after the list', readsLikeTheParse, sdkBody('s', [b64('a')]).slice(0, -1), false);
test('a trailing comma in the list', readsLikeTheParse, `{"DeliveryStreamName":"s","Records":[{"Data":"${b64('a')}"},]}`, false);
test('a trailing comma in the object', readsLikeTheParse, `{"DeliveryStreamName":"s","Records":[{"Data":"${b64('a')}"}],}`, false);
test('a byte-order mark before the object', readsLikeTheParse, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sdkBody('s', [b64('a')]))]), false);
test('a JSON list', readsLikeTheParse, '[]', false);
test('an empty body', readsLikeTheParse, '', false);
test('a key that only begins like a member\'s', readsLikeTheParse, `{"DeliveryStreamNameX":"s","Records":[{"Data":"${b64('a')}"}]}`, false);
test('a Data key that only begins like Data', readsLikeTheParse, `{"DeliveryStreamName":"s","Records":[{"Datax":"${b64('a')}"}]}`, false);

test('the records are views of one buffer, each exactly its decoded bytes', (t) => {
  const read = readPutRecordBatchBody(Buffer.from(sdkBody('s', [b64('a'), b64('bcd'), '', b64('efgh')])));
  t.deepEqual(read?.records.map((record) => record.toString()), ['a', 'bcd', '', 'efgh']);
  t.true(read!.records.every((record) => record.buffer === read!.records[0]!.buffer));
});
