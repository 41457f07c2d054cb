import test from 'ava';
import { bufferDeadline, isBufferDue, limitsFromHints, MIB, wouldOverflow } from '../../../emulator-shims/firehose/buffering.js';

test('limitsFromHints defaults to 5 MiB and 300 s', (t) => {
  t.deepEqual(limitsFromHints(undefined), { sizeBytes: 5 * MIB, intervalMs: 300_000 });
  t.deepEqual(limitsFromHints({ SizeInMBs: 64, IntervalInSeconds: 0 }), { sizeBytes: 64 * MIB, intervalMs: 0 });
});

test('a buffer is due when its size reaches SizeInMBs or its age reaches IntervalInSeconds, whichever first', (t) => {
  const limits = { sizeBytes: 100, intervalMs: 1000 };
  t.false(isBufferDue({ bytes: 99, openedAtMs: 0 }, limits, 999));
  t.true(isBufferDue({ bytes: 100, openedAtMs: 0 }, limits, 1));
  t.true(isBufferDue({ bytes: 1, openedAtMs: 0 }, limits, 1000));
  t.false(isBufferDue({ bytes: 0, openedAtMs: 0 }, limits, 10_000));
});

test('IntervalInSeconds 0 makes every non-empty buffer due at once', (t) => {
  t.true(isBufferDue({ bytes: 1, openedAtMs: 5 }, { sizeBytes: MIB, intervalMs: 0 }, 5));
});

test('bufferDeadline is the opening time plus the interval, none when empty', (t) => {
  t.is(bufferDeadline({ bytes: 3, openedAtMs: 10 }, { sizeBytes: 1, intervalMs: 60_000 }), 60_010);
  t.is(bufferDeadline({ bytes: 0, openedAtMs: 10 }, { sizeBytes: 1, intervalMs: 60_000 }), undefined);
});

test('wouldOverflow lets a first record through even when it alone exceeds the cap', (t) => {
  t.false(wouldOverflow(0, 10, 5));
  t.true(wouldOverflow(3, 3, 5));
  t.false(wouldOverflow(2, 3, 5));
});
