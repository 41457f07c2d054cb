import test from 'ava';
import { ScratchBuffers } from '../../../../emulator-shims/firehose/delivery/scratch-buffers.js';

test('ScratchBuffers hands a given-back buffer out again when it is large enough', (t) => {
  const scratch = new ScratchBuffers(2);
  const first = scratch.take(1000);
  t.true(first.length >= 1000);
  scratch.give(first);
  t.is(scratch.take(900), first);
});

test('ScratchBuffers replaces a buffer too small to reuse and keeps at most its limit', (t) => {
  const scratch = new ScratchBuffers(1);
  const small = scratch.take(10);
  scratch.give(small);
  const large = scratch.take(small.length + 1);
  t.not(large, small);
  scratch.give(large);
  scratch.give(Buffer.alloc(5_000));
  t.is(scratch.take(1), large);
  t.not(scratch.take(1), large);
});
