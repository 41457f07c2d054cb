import test from 'ava';
import { createBase64Texts } from '../../lambda/base64-texts.js';

test('createBase64Texts writes each range as Buffer#toString("base64") does, padding included', (t) => {
  const texts = createBase64Texts(16);
  const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 151) & 255));
  const ranges: [number, number][] = [];
  for (let start = 0, size = 0; start + size <= bytes.length; start += size, size += 1) ranges.push([start, start + size]);
  const ends = ranges.map(([start, end]) => texts.append(bytes, start, end));
  const text = texts.read();
  ranges.forEach(([start, end], i) => t.is(text.slice(i === 0 ? 0 : ends[i - 1], ends[i]), bytes.toString('base64', start, end)));
});

test('createBase64Texts starts over after reset and grows past its first buffer', (t) => {
  const texts = createBase64Texts(4);
  texts.append(Buffer.from('forgotten'), 0, 9);
  texts.reset();
  const big = Buffer.alloc(100_000, 'xyz');
  t.is(texts.append(big, 0, big.length), Math.ceil(big.length / 3) * 4);
  t.is(texts.read(), big.toString('base64'));
});

test('createBase64Texts reads back any span of what it holds', (t) => {
  const texts = createBase64Texts(8);
  const first = texts.append(Buffer.from('abc'), 0, 3);
  const second = texts.append(Buffer.from('defg'), 0, 4);
  t.is(texts.read(first, second), Buffer.from('defg').toString('base64'));
  t.is(texts.read(0, first), Buffer.from('abc').toString('base64'));
  t.is(texts.length(), second);
});

test('createBase64Texts commits bytes written where reserve() and appendAt() say as append() appends them', (t) => {
  const texts = createBase64Texts(4);
  const lines = ['a', 'bc', 'def', 'ghij', 'x'.repeat(1000)];
  const ends = lines.map((line) => {
    const buffer = texts.reserve(line.length + 3);
    const at = texts.appendAt();
    // Bytes past the committed length are left over from the writer and must not reach the text.
    buffer.write(`${line}!!!`, at, 'latin1');
    return texts.commit(line.length);
  });
  lines.forEach((line, i) => t.is(texts.read(i === 0 ? 0 : ends[i - 1], ends[i]), Buffer.from(line).toString('base64')));
  t.is(texts.read(), lines.map((line) => Buffer.from(line).toString('base64')).join(''));
});

test('createBase64Texts reads back a text of several million characters, padded ranges across it, as Buffer#toString("base64") does', (t) => {
  const texts = createBase64Texts();
  const bytes = Buffer.from(Array.from({ length: 3_000_000 }, (_, i) => (i * 151) & 255));
  const ranges: [number, number][] = [];
  // Ranges of 298–302 bytes: most end in padding, at places that fall anywhere in the text.
  for (let start = 0, size = 298; start + size <= bytes.length; start += size, size = 298 + ((size - 297) % 5)) ranges.push([start, start + size]);
  const ends = ranges.map(([start, end]) => texts.append(bytes, start, end));
  const text = texts.read();
  t.true(text.length > 3_000_000);
  const wrong = ranges.filter(([start, end], i) => text.slice(i === 0 ? 0 : ends[i - 1], ends[i]) !== bytes.toString('base64', start, end));
  t.deepEqual(wrong, []);
  t.is(text, ranges.map(([start, end]) => bytes.toString('base64', start, end)).join(''));
});
