import test from 'ava';
import { decodeBase64Shared, inputScratch, outputScratch, writeLineUtf8 } from '../../lambda/base64.js';

const decoded = (data: string): Buffer => {
  const length = decodeBase64Shared(data);
  return Buffer.from(inputScratch().subarray(0, length));
};

test('decodeBase64Shared decodes records larger than its scratch buffer', (t) => {
  const big = Buffer.alloc(200_000, 'ab');
  t.true(decoded(big.toString('base64')).equals(big));
  t.is(decoded(Buffer.from('line\n').toString('base64')).toString(), 'line\n');
});

test('decodeBase64Shared reads invalid base64 as Buffer.from(data, "base64") does', (t) => {
  for (const data of ['bGluZQ', 'bGl uZQ==', 'b$Gl*uZQ==', 'bGluZQ==bGluZQ==', '=', '', '-_-_']) {
    t.true(decoded(data).equals(Buffer.from(data, 'base64')), data);
  }
});

test('writeLineUtf8 writes text as UTF-8 with a newline, at any size', (t) => {
  const written = (text: string): string => {
    const length = writeLineUtf8(text);
    return outputScratch(0).toString('utf8', 0, length);
  };
  t.is(written('{"ua":"서울"}'), '{"ua":"서울"}\n');
  const long = 'é'.repeat(100_000);
  t.true(written(long) === `${long}\n`);
});

test('outputScratch grows to the size asked for', (t) => {
  t.true(outputScratch(300_000).length >= 300_000);
});
