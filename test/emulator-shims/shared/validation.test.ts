import test from 'ava';
import { randomBytes } from 'node:crypto';
import { base64Problem, decodedCanonically, isCanonicalBase64 } from '../../../emulator-shims/shared/validation.js';

// The definition isCanonicalBase64 must agree with: whole quads, then a padded tail whose unused bits are zero.
const CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=|[A-Za-z0-9+/][AQgw]==)?$/;

test('isCanonicalBase64 and decodedCanonically agree with the canonical base64 pattern on every short string over an alphabet of edge characters', (t) => {
  const characters = ['A', 'B', 'Q', 'g', 'w', 'z', '9', '+', '/', '=', '-', '_', '!', ' ', 'é'];
  let checked = 0;
  const visit = (prefix: string, depth: number): void => {
    t.is(isCanonicalBase64(prefix), CANONICAL.test(prefix), JSON.stringify(prefix));
    // What Kinesis's blob reader asks: the verdict from what Buffer.from decoded.
    if (prefix.length % 4 === 0) t.is(decodedCanonically(prefix, Buffer.from(prefix, 'base64').length), CANONICAL.test(prefix), JSON.stringify(prefix));
    checked += 1;
    if (depth === 0) return;
    for (const character of characters) visit(prefix + character, depth - 1);
  };
  // Every string of up to 4 characters, and every 8-character one ending in each such tail.
  visit('', 4);
  for (const tail of ['AA==', 'AB==', 'AAA=', 'AAB=', 'AQ==', 'AAE=', 'A===', '====', 'AA=A']) visit(`QUJD${tail}`, 0);
  t.true(checked > 50_000);
});

test('isCanonicalBase64 accepts the base64 of any bytes, and base64Problem has nothing to say about it', (t) => {
  for (let length = 0; length < 64; length += 1) {
    const text = randomBytes(length).toString('base64');
    t.true(isCanonicalBase64(text), text);
    t.is(base64Problem(text), undefined);
  }
});

test('base64Problem still names the first bad character and a wrong length in AWS words', (t) => {
  t.is(base64Problem('ab!='), "'ab!=' can not be converted to a Blob: Invalid Base64 character: '!'");
  t.is(base64Problem('abc'), "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3");
  t.is(base64Problem('AB=='), "'AB==' can not be converted to a Blob: Invalid last non-pad Base64 character dectected");
});
