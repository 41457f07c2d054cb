import test from 'ava';
import { foldedPath, keyFilePath, segmentFileName } from '../../../emulator-shims/s3/key-path.js';

const names = test.macro({
  exec(t, segment: string, expected: string) {
    t.is(segmentFileName(segment), expected);
  },
  title: (what = '', segment: string, expected: string) => `segmentFileName writes ${what || JSON.stringify(segment)} as ${JSON.stringify(expected)}`,
});

test('a plain name', names, 'access.log', 'access.log');
test('unicode', names, '한글 파일.txt', '한글 파일.txt');
test('.', names, '.', '%2E');
test('..', names, '..', '%2E%2E');
test('an empty segment', names, '', '%');
test('%, a backslash and control characters', names, 'a%b\\c\u0001\u007f', 'a%25b%5Cc%01%7F');
test('a literal %2E%2E', names, '%2E%2E', '%252E%252E');

test('a segment longer than a file name is cut, marked with %~ and a hash, and stays under 241 bytes', (t) => {
  const long = segmentFileName('é'.repeat(300));
  t.true(Buffer.byteLength(long) <= 240);
  t.regex(long, /^é+%~[0-9a-f]{32}$/);
  t.not(segmentFileName(`${'é'.repeat(300)}x`), long);
});

test('keyFilePath keeps a key browsable and never climbs out: ../, //, a leading / and a trailing /', (t) => {
  t.is(keyFilePath('logs/2026/01/a.json'), 'logs/2026/01/a.json');
  t.is(keyFilePath('../../etc/passwd'), '%2E%2E/%2E%2E/etc/passwd');
  t.is(keyFilePath('/a//b/'), '%/a/%/b/%');
});

test('different keys never share a path', (t) => {
  const keys = ['a', 'a/', '/a', 'a//', '%', '%25', '.', '%2E', '..', 'a%2Fb', 'a/b', ''.padEnd(300, 'x'), ''.padEnd(301, 'x')];
  t.is(new Set(keys.map(keyFilePath)).size, keys.length);
});

test('foldedPath folds case and Unicode normalisation, as macOS compares file names', (t) => {
  t.is(foldedPath('Logs/É'), foldedPath('logs/e\u0301'));
});
