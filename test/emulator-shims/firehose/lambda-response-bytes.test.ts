import test from 'ava';
import { checkLambdaResponse, LambdaRecordIds } from '../../../emulator-shims/firehose/lambda-response.js';
import { lambdaRecordId } from '../../../emulator-shims/firehose/record-id.js';
import { sentEvent } from './sent-event.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

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

// Answers written as JSON.stringify writes them are read from the bytes without a parse; all others, and every
// failing one, get the parse's verdict. Each case compares the bytes' verdict with the text's (always parsed).
const ids = Array.from({ length: 300 }, (_, index) => `4965400000000000000000000000000000000000000000000000000${String(index).padStart(3, '0')}000000`);
const hours = (index: number) => ({ year: '2026', month: '12', day: '05', hour: index < 140 ? '13' : '14' });
const canonical = (index: number, extra: Record<string, unknown> = {}) => ({ recordId: ids[index], result: 'Ok', data: b64(`line ${index} ${'x'.repeat(index % 50)}`), ...extra });
const sameVerdictText = test.macro({
  exec(t, text: string, sent: string[]) {
    t.deepEqual(checkLambdaResponse(Buffer.from(text), sent), checkLambdaResponse(text, sent));
  },
  title: (provided = '') => `checkLambdaResponse gives the same verdict for response bytes as for its text: ${provided}`,
});
const many = (make: (index: number) => unknown, count = 300) => JSON.stringify({ records: Array.from({ length: count }, (_, index) => make(index)) });
test('300 records as JSON.stringify writes them, with hour partition keys that change midway', sameVerdictText, many((index) => canonical(index, { metadata: { partitionKeys: hours(index) } })), ids);
test('300 records without metadata, Dropped and ProcessingFailed among them', sameVerdictText, many((index) => ({ ...canonical(index), result: ['Ok', 'Dropped', 'ProcessingFailed'][index % 3] })), ids);
test('partition keys that are empty, non-ASCII, named __proto__, numbers or null', sameVerdictText,
  many((index) => canonical(index, { metadata: { partitionKeys: [{}, { 'é😀': 'ü' }, JSON.parse('{"__proto__":"p","a":"b"}'), { n: 7 }, { none: null, a: 'b' }][index % 5] } }), 10), ids.slice(0, 10));
test('a partition key holding a control character (not JSON)', sameVerdictText, `{"records":[{"recordId":"${ids[0]}","result":"Ok","data":"","metadata":{"partitionKeys":{"a":"b\u0001"}}}]}`, ids.slice(0, 1));
test('a record id with an escape', sameVerdictText, many((index) => canonical(index, { recordId: index === 3 ? 'a"b' : ids[index] }), 5), [...ids.slice(0, 3), 'a"b', ids[4]!]);
test('ids answered out of order', sameVerdictText, many((index) => canonical(index === 0 ? 1 : index === 1 ? 0 : index), 5), ids.slice(0, 5));
test('one id missing, one too many, one unknown', sameVerdictText, many(canonical, 4), ids.slice(0, 5));
test('more answers than ids sent', sameVerdictText, many(canonical, 6), ids.slice(0, 5));
// 'eB==' and 'eHl=' are padded base64 whose unused bits are set: accepted (as 'x' and 'xy'), though no encoder writes them.
for (const [label, data] of [['URL-safe base64', '-_-_'], ['unpadded base64', 'YQ'], ['not base64 at all', 'a b!'], ['base64 with set padding bits (==)', 'eB=='], ['base64 with set padding bits (=)', 'eHl=']] as const) {
  test(`data that is ${label} in the 101st record`, sameVerdictText, many((index) => canonical(index, index === 100 ? { data } : {}), 210), ids.slice(0, 210));
  test(`data that is ${label} in the last record`, sameVerdictText, many((index) => canonical(index, index === 209 ? { data } : {}), 210), ids.slice(0, 210));
}
test('a record without data, and one with data that is not a string', sameVerdictText, many((index) => (index === 2 ? { recordId: ids[2], result: 'Ok' } : index === 3 ? canonical(3, { data: 5 }) : canonical(index)), 5), ids.slice(0, 5));
test('keys in another order, whitespace, and other metadata', sameVerdictText,
  `{"records":[{"result":"Ok","recordId":"${ids[0]}","data":""}, {"recordId":"${ids[1]}","result":"Ok","data":"","metadata":{"other":1,"partitionKeys":{"a":"b"}}},{"recordId":"${ids[2]}","result":"Ok","data":"","metadata":{"partitionKeys":{"a":"b"},"x":1}}]}`, ids.slice(0, 3));
test('text after the answer, and an answer cut short', sameVerdictText, `${many(canonical, 3)} `, ids.slice(0, 3));
test('an answer cut short', sameVerdictText, many(canonical, 3).slice(0, -3), ids.slice(0, 3));
test('an id answered as UTF-8 whose bytes read one by one spell the id sent', sameVerdictText, many((index) => canonical(index, { recordId: index === 1 ? 'é' : ids[index] }), 3), [ids[0]!, 'Ã©', ids[2]!]);
for (const [label, id] of [['a quote', 'a"b'], ['a control character', 'c\u0001'], ['DEL', 'd\u007f']] as const) {
  test(`an id holding ${label} answered unescaped`, sameVerdictText, `{"records":[{"recordId":"${ids[0]}","result":"Ok","data":""},{"recordId":"${id}","result":"Ok","data":""}]}`, [ids[0]!, id]);
}
test('an empty records list', sameVerdictText, '{"records":[]}', []);
test('an unknown result in canonical form', sameVerdictText, many((index) => canonical(index, { result: index === 1 ? 'OK' : 'Ok' }), 3), ids.slice(0, 3));

test('an answer read from its bytes keeps the bytes sent for a record returned unchanged, and decodes the others', (t) => {
  const sent = ids.slice(0, 300).map((_, index) => Buffer.from(`sent ${index}`));
  const text = many((index) => ({ recordId: ids[index], result: 'Ok', data: index % 2 === 0 ? sent[index]!.toString('base64') : b64(`changed ${index}`) }));
  const check = checkLambdaResponse(Buffer.from(text), ids, sentEvent(sent));
  t.true(check.ok);
  if (!check.ok) return;
  t.true(check.records.every((record, index) => (index % 2 === 0 ? record.data === sent[index] : record.data.toString() === `changed ${index}`)));
});

// The engine's ids are made from each record's sequence and sub-index, never as strings: the verdicts are the same.
const sequenced = Array.from({ length: 300 }, (_, index) => ({ idBase: `49654${String(index).padStart(51, '0')}`, subIndex: (index % 4) * 1000 + (index % 3) }));
const sequencedIds = sequenced.map((record) => lambdaRecordId(record.idBase, record.subIndex));
const sameVerdictSequenced = test.macro({
  exec(t, make: (index: number) => unknown, count: number) {
    const text = JSON.stringify({ records: Array.from({ length: count }, (_, index) => make(index)) });
    const records = sequenced.slice(0, count);
    t.deepEqual(checkLambdaResponse(Buffer.from(text), new LambdaRecordIds(records)), checkLambdaResponse(text, sequencedIds.slice(0, count)));
  },
  title: (provided = '') => `checkLambdaResponse gives the same verdict for ids made from sequences and sub-indexes as for their strings: ${provided}`,
});
const answer = (index: number, extra: Record<string, unknown> = {}) => ({ recordId: sequencedIds[index], result: 'Ok', data: b64(`line ${index}`), ...extra });
test('300 records answered as sent', sameVerdictSequenced, (index: number) => answer(index, { metadata: { partitionKeys: hours(index) } }), 300);
test('ids answered out of order', sameVerdictSequenced, (index: number) => answer(index === 0 ? 1 : index === 1 ? 0 : index), 5);
test('an id answered with another sub-index', sameVerdictSequenced, (index: number) => answer(index, index === 2 ? { recordId: lambdaRecordId(sequenced[2]!.idBase, 9) } : {}), 5);
test('an id answered without its padding', sameVerdictSequenced, (index: number) => answer(index, index === 1 ? { recordId: sequencedIds[1]!.replace(/^0+/, '') } : {}), 3);
test('one record missing', sameVerdictSequenced, (index: number) => answer(index === 3 ? 2 : index), 4);
