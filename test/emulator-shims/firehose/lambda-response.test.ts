import test from 'ava';
import { checkLambdaResponse } from '../../../emulator-shims/firehose/lambda-response.js';
import { sentEvent } from './sent-event.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const respond = (records: unknown[]): string => JSON.stringify({ records });

test('checkLambdaResponse accepts Ok, Dropped and ProcessingFailed with data and partition keys', (t) => {
  const check = checkLambdaResponse(respond([
    { recordId: '1', result: 'Ok', data: b64('x'), metadata: { partitionKeys: { year: '2024', n: 7 } } },
    { recordId: '2', result: 'Dropped', data: b64('') },
    { recordId: '3', result: 'ProcessingFailed', data: b64('z') },
  ]), ['1', '2', '3']);
  t.true(check.ok);
  if (!check.ok) return;
  t.is(check.records[0]?.data.toString(), 'x');
  t.deepEqual(check.records[0]?.partitionKeys, { year: '2024', n: '7' });
  t.is(check.records[1]?.result, 'Dropped');
});

test('checkLambdaResponse places each answered record at the position its id was sent, whatever order the function answered in', (t) => {
  const check = checkLambdaResponse(respond([
    { recordId: 'c', result: 'Ok', data: b64('third') },
    { recordId: 'a', result: 'Dropped', data: b64('') },
    { recordId: 'b', result: 'Ok', data: b64('second') },
  ]), ['a', 'b', 'c']);
  t.true(check.ok);
  if (!check.ok) return;
  t.deepEqual(check.records.map((record) => [record.result, record.data.toString()]), [['Dropped', ''], ['Ok', 'second'], ['Ok', 'third']]);
});

const fails = test.macro({
  exec(t, payload: string, sent: string[], errorCode: string) {
    const check = checkLambdaResponse(payload, sent);
    t.false(check.ok);
    if (!check.ok) t.is(check.failure.errorCode, errorCode);
  },
  title: (provided = '', _payload: string, _sent: string[], errorCode: string) => `checkLambdaResponse reports ${errorCode} for ${provided}`,
});
test('a missing recordId', fails, respond([{ recordId: '1', result: 'Ok', data: b64('x') }]), ['1', '2'], 'Lambda.MissingRecordId');
test('a duplicated recordId', fails, respond([{ recordId: '2', result: 'Ok', data: b64('x') }, { recordId: '2', result: 'Ok', data: b64('x') }]), ['1', '2'], 'Lambda.DuplicatedRecordId');
test('a recordId answered twice, first in its place', fails, respond([{ recordId: '1', result: 'Ok', data: b64('x') }, { recordId: '1', result: 'Ok', data: b64('x') }]), ['1', '2'], 'Lambda.DuplicatedRecordId');
test('a recordId that was never sent', fails, respond([{ recordId: '9', result: 'Ok', data: b64('x') }]), ['1'], 'Lambda.MissingRecordId');
test('one record too many, its id never sent', fails, respond([{ recordId: '1', result: 'Ok', data: b64('x') }, { recordId: '9', result: 'Ok', data: b64('x') }]), ['1'], 'Lambda.MissingRecordId');
test('a body that is not JSON', fails, 'not json', ['1'], 'Lambda.JsonProcessingException');
test('a body without records', fails, '{"items":[]}', ['1'], 'Lambda.JsonProcessingException');
test('an unknown result', fails, respond([{ recordId: '1', result: 'OK', data: b64('x') }]), ['1'], 'Lambda.JsonProcessingException');
test('a record without data', fails, respond([{ recordId: '1', result: 'Ok' }]), ['1'], 'Lambda.JsonProcessingException');
test('data that is not base64', fails, respond([{ recordId: '1', result: 'Ok', data: 'no spaces allowed' }]), ['1'], 'Lambda.JsonProcessingException');

test('data is accepted exactly when it is standard padded base64', (t) => {
  const standard = /^[A-Za-z0-9+/]*={0,2}$/;
  const candidates = [
    '', 'YQ==', 'YWI=', 'YWJj', 'YR==', b64('é€😀'), b64('x'.repeat(1000)),
    'Y===', '====', 'YW=j', 'AB=C', 'YQ==YQ==', 'ab-_', 'YW_j', 'Y-Jj', 'YW Jj', 'YW\nJ', 'YW*j', 'YWJjZA', 'Zm9v\u00e9Jh', 'Zm9vY\u00e9==', 'Zm9v\u00e9\u00e9==',
  ];
  for (const data of candidates) {
    const check = checkLambdaResponse(respond([{ recordId: '1', result: 'Ok', data }]), ['1']);
    t.is(check.ok, data.length % 4 === 0 && standard.test(data), JSON.stringify(data));
    if (check.ok) t.deepEqual(check.records[0]?.data, Buffer.from(data, 'base64'));
  }
});

test('partition keys keep their names, even __proto__, as strings, leaving out null ones', (t) => {
  const check = checkLambdaResponse('{"records":[{"recordId":"1","result":"Ok","data":"","metadata":{"partitionKeys":{"__proto__":"x","n":1,"none":null,"year":"2024"}}}]}', ['1']);
  t.true(check.ok);
  if (!check.ok) return;
  const keys = check.records[0]!.partitionKeys!;
  t.deepEqual(Object.keys(keys), ['__proto__', 'n', 'year']);
  t.is(Object.getPrototypeOf(keys), Object.prototype);
  t.is(keys.n, '1');
});

test('a record answered with the very base64 it was sent keeps the bytes sent; a changed one is decoded from its answer', (t) => {
  const sent = [Buffer.from('same'), Buffer.from('before')];
  const sentTexts = sent.map((data) => data.toString('base64'));
  const check = checkLambdaResponse(respond([
    { recordId: 'a', result: 'Ok', data: sentTexts[0] },
    { recordId: 'b', result: 'Ok', data: b64('after') },
  ]), ['a', 'b'], sentEvent(sent));
  t.true(check.ok);
  if (!check.ok) return;
  t.is(check.records[0]!.data, sent[0]!);
  t.is(check.records[1]!.data.toString(), 'after');
});
