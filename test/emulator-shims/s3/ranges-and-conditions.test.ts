import test from 'ava';
import { evaluateConditions } from '../../../emulator-shims/s3/conditions.js';
import { parseRange } from '../../../emulator-shims/s3/ranges.js';

const ranges = test.macro({
  exec(t, header: string, size: number, expected: { start: number; end: number } | undefined | string) {
    if (typeof expected === 'string') t.throws(() => parseRange(header, size), { name: expected });
    else t.deepEqual(parseRange(header, size), expected);
  },
  title: (_what, header: string, size: number, expected) => `Range ${JSON.stringify(header)} of ${size} bytes: ${typeof expected === 'string' ? expected : JSON.stringify(expected ?? 'the whole object')}`,
});

test(ranges, 'bytes=0-3', 10, { start: 0, end: 3 });
test(ranges, 'bytes=5-', 10, { start: 5, end: 9 });
test(ranges, 'bytes=-3', 10, { start: 7, end: 9 });
test(ranges, 'bytes=-30', 10, { start: 0, end: 9 });
test(ranges, 'bytes=8-100', 10, { start: 8, end: 9 });
test(ranges, 'bytes=10-', 10, 'InvalidRange');
test(ranges, 'bytes=-0', 10, 'InvalidRange');
test(ranges, 'bytes=0-', 0, 'InvalidRange');
test(ranges, 'bytes=5-3', 10, undefined);
test(ranges, 'bytes=0-1,4-5', 10, undefined);
test(ranges, 'items=0-1', 10, undefined);
test(ranges, 'bytes=abc', 10, undefined);

const MODIFIED = Date.parse('2026-01-02T00:00:00Z');
const before = 'Thu, 01 Jan 2026 00:00:00 GMT';
const after = 'Sat, 03 Jan 2026 00:00:00 GMT';

test('If-Match true wins over If-Unmodified-Since false (200), as S3 documents', (t) => {
  t.is(evaluateConditions({ ifMatch: '"e"', ifUnmodifiedSince: before }, 'e', MODIFIED), 'proceed');
});

test('If-None-Match false with If-Modified-Since true is 304, as S3 documents', (t) => {
  t.is(evaluateConditions({ ifNoneMatch: '"e"', ifModifiedSince: before }, 'e', MODIFIED), 'not-modified');
});

test('If-Match false, or If-Unmodified-Since false alone, is 412', (t) => {
  t.throws(() => evaluateConditions({ ifMatch: '"x", "y"' }, 'e', MODIFIED), { name: 'PreconditionFailed' });
  t.throws(() => evaluateConditions({ ifUnmodifiedSince: before }, 'e', MODIFIED), { name: 'PreconditionFailed' });
});

test('If-Modified-Since after the change is 304; an unparsable date is ignored; * matches any ETag', (t) => {
  t.is(evaluateConditions({ ifModifiedSince: after }, 'e', MODIFIED), 'not-modified');
  t.is(evaluateConditions({ ifModifiedSince: 'yesterday' }, 'e', MODIFIED), 'proceed');
  t.is(evaluateConditions({ ifNoneMatch: '*' }, 'e', MODIFIED), 'not-modified');
});
