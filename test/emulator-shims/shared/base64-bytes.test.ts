import test from 'ava';
import { randomBytes } from 'node:crypto';
import { decodeCanonicalInto, encodeBase64Into } from '../../../emulator-shims/shared/base64-bytes.js';
import { isCanonicalBase64 } from '../../../emulator-shims/shared/validation.js';

test('encodeBase64Into writes what Buffer.toString(\'base64\') writes, for every length 0 to 300', (t) => {
  const into = Buffer.alloc(600, 0x2a);
  for (let length = 0; length <= 300; length += 1) {
    const data = randomBytes(length);
    const end = encodeBase64Into(data, into, 3);
    t.is(into.toString('latin1', 3, end), data.toString('base64'));
  }
});

test('encodeBase64Into of a range of the data writes that range\'s base64, for every start and length up to 40', (t) => {
  const data = randomBytes(40);
  const into = Buffer.alloc(64);
  for (let start = 0; start <= 40; start += 1) {
    for (let end = start; end <= 40; end += 1) {
      const past = encodeBase64Into(data, into, 1, start, end);
      t.is(into.toString('latin1', 1, past), data.subarray(start, end).toString('base64'));
    }
  }
});

test('decodeCanonicalInto decodes every canonical text to its bytes, for every length 0 to 300', (t) => {
  const into = Buffer.alloc(400);
  for (let length = 0; length <= 300; length += 1) {
    const data = randomBytes(length);
    const text = Buffer.from(`"${data.toString('base64')}"`, 'latin1');
    const written = decodeCanonicalInto(text, 1, text.length - 1, into, 5);
    t.is(written, length);
    t.true(into.subarray(5, 5 + written).equals(data));
  }
});

test('decodeCanonicalInto writes only its own bytes: none before the offset or past the last, into a buffer with no room to spare', (t) => {
  for (let length = 0; length <= 300; length += 1) {
    const data = randomBytes(length);
    const text = Buffer.from(data.toString('base64'), 'latin1');
    // Exactly the decoded bytes after 3 bytes of another record: a store past them would throw or overwrite.
    const exact = Buffer.alloc(3 + length, 0x2a);
    t.is(decodeCanonicalInto(text, 0, text.length, exact, 3), length);
    t.true(exact.subarray(3).equals(data));
    t.true(exact.subarray(0, 3).equals(Buffer.alloc(3, 0x2a)));
    const roomy = Buffer.alloc(length + 8, 0x2a);
    t.is(decodeCanonicalInto(text, 0, text.length, roomy, 0), length);
    t.true(roomy.subarray(length).equals(Buffer.alloc(8, 0x2a)), `${length} bytes`);
  }
});

test('decodeCanonicalInto refuses exactly the texts isCanonicalBase64 refuses', (t) => {
  const texts = ['', 'eA==', 'eB==', 'eA=', 'eA', 'e===', '====', 'eA==eA==', '-_-_', 'YWJj', 'YWI=', 'YWJ=', 'YW I', 'YWJj\n', 'YQ==', 'YR==', 'Y Q=', 'no!ok===', 'ü\u00fcAA', 'AAAA====', '=AAA', 'AA=A', 'A+/=', 'A+8=', 'A+/9'];
  // Every 4-character text of a few telling characters, too.
  const characters = ['A', 'Q', 'g', 'w', 'B', '+', '/', '=', '-', '*'];
  for (const a of characters) for (const b of characters) for (const c of characters) for (const d of characters) texts.push(a + b + c + d);
  const into = Buffer.alloc(64);
  for (const text of texts) {
    const bytes = Buffer.from(text, 'latin1');
    const written = decodeCanonicalInto(bytes, 0, bytes.length, into, 0);
    t.is(written !== -1, isCanonicalBase64(text), text);
    if (written !== -1) t.true(into.subarray(0, written).equals(Buffer.from(text, 'base64')), text);
  }
});

test('the codecs read and write views that start inside a larger buffer, taking turns between two of them', (t) => {
  // Each codec keeps a view of the last buffer it saw: a view at another offset of the same memory, or another
  // buffer, must be read and written where it lies, not where the last one did.
  const backing = Buffer.alloc(4096, 0x2a);
  const views = [backing.subarray(7, 2000), backing.subarray(2001, 4000)];
  for (let round = 0; round < 6; round += 1) {
    const data = randomBytes(100 + round);
    const target = views[round % 2]!;
    const end = encodeBase64Into(data, target, 3);
    t.is(target.toString('latin1', 3, end), data.toString('base64'));
    const into = views[(round + 1) % 2]!;
    t.is(decodeCanonicalInto(target, 3, end, into, 11), data.length);
    t.true(into.subarray(11, 11 + data.length).equals(data));
  }
});
