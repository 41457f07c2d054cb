import test from 'ava';
import { checkLambdaResponse } from '../../../emulator-shims/firehose/lambda-response.js';

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
