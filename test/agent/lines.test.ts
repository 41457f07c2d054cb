import test from 'ava';
import { splitLines } from '../../agent/lines.js';

test('splitLines returns complete lines with their newline and end offsets', (t) => {
  const { lines, rest } = splitLines(Buffer.alloc(0), 100, Buffer.from('a\nbb\nccc'));
  t.deepEqual(lines.map((line) => [line.data.toString(), line.endOffset]), [['a\n', 102], ['bb\n', 105]]);
  t.is(rest.toString(), 'ccc');
});

test('splitLines completes a pending partial line with the next chunk', (t) => {
  const { lines, rest } = splitLines(Buffer.from('par'), 10, Buffer.from('tial\nnext'));
  t.deepEqual(lines.map((line) => [line.data.toString(), line.endOffset]), [['partial\n', 18]]);
  t.is(rest.toString(), 'next');
});

test('splitLines keeps everything pending when no newline arrived', (t) => {
  const { lines, rest } = splitLines(Buffer.from('a'), 0, Buffer.from('bc'));
  t.deepEqual(lines, []);
  t.is(rest.toString(), 'abc');
});
