import test from 'ava';
import { decodeBase64Transient, encodeLineBase64, outputScratch } from '../../lambda/base64.js';

test('decodeBase64Transient decodes records larger than its scratch buffer', (t) => {
  const big = Buffer.alloc(200_000, 'ab');
  t.true(decodeBase64Transient(big.toString('base64')).equals(big));
  t.is(decodeBase64Transient(Buffer.from('line\n').toString('base64')).toString(), 'line\n');
});

test('encodeLineBase64 encodes text as UTF-8 with a newline, at any size', (t) => {
  t.is(Buffer.from(encodeLineBase64('{"ua":"서울"}'), 'base64').toString('utf8'), '{"ua":"서울"}\n');
  const long = 'é'.repeat(100_000);
  t.is(Buffer.from(encodeLineBase64(long), 'base64').toString('utf8'), `${long}\n`);
});

test('outputScratch grows to the size asked for', (t) => {
  t.true(outputScratch(300_000).length >= 300_000);
});
