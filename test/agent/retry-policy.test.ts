import test from 'ava';
import { backoffDelay, classifyFailure, errorCode } from '../../agent/retry-policy.js';

const options = { initialMs: 100, maxMs: 10_000 };

test('backoff doubles its ceiling per attempt and jitters over the whole range', (t) => {
  t.is(backoffDelay(1, options, () => 0.999_999), 99);
  t.is(backoffDelay(3, options, () => 0.5), 200);
  t.is(backoffDelay(4, options, () => 0), 0);
});

test('backoff is capped at maxMs however many attempts failed', (t) => {
  t.is(backoffDelay(50, options, () => 0.999_999), 9999);
  t.is(backoffDelay(10_000, options, () => 1), 10_000);
});

test('throttling codes and HTTP 429 are throttles, everything else a plain retry', (t) => {
  t.is(classifyFailure('ProvisionedThroughputExceededException'), 'throttle');
  t.is(classifyFailure('ThrottlingException'), 'throttle');
  t.is(classifyFailure('Whatever', 429), 'throttle');
  t.is(classifyFailure('InternalFailure', 500), 'retry');
  t.is(classifyFailure('ECONNRESET'), 'retry');
});

test('errorCode reads SDK exception names and Node error codes', (t) => {
  const sdk = Object.assign(new Error('x'), { name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } });
  t.deepEqual(errorCode(sdk), { code: 'ProvisionedThroughputExceededException', httpStatus: 400 });
  t.deepEqual(errorCode(Object.assign(new Error('reset'), { code: 'ECONNRESET' })), { code: 'ECONNRESET', httpStatus: undefined });
  t.deepEqual(errorCode('nope'), { code: 'UnknownError', httpStatus: undefined });
});
