import test from 'ava';
import { parseFilePattern, type FilePattern } from '../../agent/file-pattern.js';

test('a glob in the file name matches rotated names but skips compressed archives', (t) => {
  const pattern = parseFilePattern('/var/log/nginx/access.log*') as FilePattern;
  t.is(pattern.directory, '/var/log/nginx');
  t.true(pattern.matches('access.log'));
  t.true(pattern.matches('access.log.1'));
  t.false(pattern.matches('access.log.2.gz'));
  t.false(pattern.matches('error.log'));
});

test('a plain path matches only itself, dots included literally', (t) => {
  const pattern = parseFilePattern('/l/access.log') as FilePattern;
  t.true(pattern.matches('access.log'));
  t.false(pattern.matches('accessXlog'));
});

test('wildcards in directories are rejected with a reason', (t) => {
  t.deepEqual(parseFilePattern('/var/*/access.log'), { error: 'wildcards are only supported in the file name, not in directories' });
});
