import test from 'ava';
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { crc32Of, SHORT_SPAN } from '../../../emulator-shims/kinesis/frame-crc.js';

test('a span\'s CRC-32 is zlib\'s for every length up to past the short-span bound, at every alignment', (t) => {
  const bytes = randomBytes(2 * SHORT_SPAN + 64);
  let compared = 0;
  for (let start = 0; start < 9; start += 1) {
    for (let end = start; end <= start + SHORT_SPAN + 40; end += 1) {
      if (crc32Of(bytes, start, end) !== crc32(bytes.subarray(start, end))) t.fail(`bytes ${start} to ${end}`);
      compared += 1;
    }
  }
  t.true(compared > 2000);
});

test('the CRC-32 of "123456789" is the standard check value, and of nothing is 0', (t) => {
  const text = Buffer.from('xx123456789yy');
  t.is(crc32Of(text, 2, 11), 0xcbf43926);
  t.is(crc32Of(text, 5, 5), 0);
  t.is(crc32Of(Buffer.alloc(1000, 0xff), 0, 1000), crc32(Buffer.alloc(1000, 0xff)));
});
