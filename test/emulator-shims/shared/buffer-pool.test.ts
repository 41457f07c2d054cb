import test from 'ava';
import { giveBackBuffer, MIN_POOLED_BYTES, takeBuffer } from '../../../emulator-shims/shared/buffer-pool.js';

test('a buffer given back is handed out again for a size it fits, the smallest fitting one first', (t) => {
  const large = takeBuffer(4 * MIN_POOLED_BYTES);
  const small = takeBuffer(2 * MIN_POOLED_BYTES);
  t.true(large.length >= 4 * MIN_POOLED_BYTES);
  giveBackBuffer(large);
  giveBackBuffer(small);
  t.is(takeBuffer(MIN_POOLED_BYTES + 1), small);
  t.is(takeBuffer(3 * MIN_POOLED_BYTES), large);
  t.not(takeBuffer(3 * MIN_POOLED_BYTES), large, 'a buffer is handed out once until it is given back again');
});

test('giving the same buffer back twice does not hand it out twice', (t) => {
  const buffer = takeBuffer(MIN_POOLED_BYTES * 5);
  giveBackBuffer(buffer);
  giveBackBuffer(buffer);
  t.is(takeBuffer(MIN_POOLED_BYTES * 5), buffer);
  t.not(takeBuffer(MIN_POOLED_BYTES * 5), buffer);
});
