import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unterminatedBytes } from '../../stack/drain.js';

const file = (content: string | Buffer) => {
  const path = join(mkdtempSync(join(tmpdir(), 'hosepipe-drain-')), 'access.log');
  writeFileSync(path, content);
  return path;
};

test('unterminatedBytes counts what follows the last newline, reading only the end of the file', (t) => {
  t.is(unterminatedBytes(file('a\nb\n')), 0);
  t.is(unterminatedBytes(file('a\nhalf a line')), 11);
  t.is(unterminatedBytes(file('no newline at all')), 17);
  t.is(unterminatedBytes(file(Buffer.concat([Buffer.from('x\n'), Buffer.alloc(200_000, 'y')]))), 200_000);
  t.is(unterminatedBytes(join(tmpdir(), 'does-not-exist-hosepipe.log')), 0);
});
