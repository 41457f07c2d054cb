import test from 'ava';
import { fromSafeFileName, safeFileName } from '../../../emulator-shims/shared/index.js';

const hostile = ['.', '..', '../..', '../../tmp/x', 'a/b', 'a\\b', 'nul\0byte', '%2e%2e', 'é', '😀', ' ', '', '~x'];

for (const value of hostile) {
  test(`safeFileName(${JSON.stringify(value)}) is one plain file name that decodes back`, (t) => {
    const name = safeFileName(value);
    t.regex(name, /^[A-Za-z0-9_%~-]+$/);
    t.false(name === '.' || name === '..');
    if (value !== '') t.is(fromSafeFileName(name), value);
  });
}

test('safeFileName keeps plain names readable and never maps two values to one name', (t) => {
  t.is(safeFileName('weblogs-stream_1'), 'weblogs-stream_1');
  const names = new Set(['a.b', 'a%2Eb', 'a%b', 'a/b', 'a_b', 'A.b'].map(safeFileName));
  t.is(names.size, 6);
});

test('safeFileName shortens a value too long for a file name, keeping distinct values distinct', (t) => {
  const long = 'x'.repeat(1000);
  const name = safeFileName(long);
  t.true(Buffer.byteLength(name) <= 200);
  t.not(safeFileName(`${long}y`), name);
  t.is(fromSafeFileName(name), undefined);
});
