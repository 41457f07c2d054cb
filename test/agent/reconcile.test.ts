import test from 'ava';
import { headOf } from '../../agent/file-identity.js';
import { reconcileScan, type ObservedFile, type TrackedView } from '../../agent/reconcile.js';

const content = Buffer.from(Array.from({ length: 60 }, (_, n) => `10.0.0.${n} - - [25/Nov/2025:17:00:${n}] "GET /${n}" 200\n`).join(''));

function observed(path: string, ino: string, bytes: Buffer): ObservedFile {
  return { path, dev: '1', ino, size: bytes.length, mtimeMs: 0, leading: bytes.subarray(0, 1024) };
}

function tracked(key: string, path: string, ino: string, bytes: Buffer, readPosition: number): TrackedView {
  const head = headOf(bytes);
  return { key, path, dev: '1', ino, head, readPosition, contents: [{ generation: 0, head, leading: bytes.subarray(0, 1024) }] };
}

const firstStart = { applyInitialPosition: true, initialPosition: 'END_OF_FILE' } as const;
const running = { applyInitialPosition: false, initialPosition: 'END_OF_FILE' } as const;

test('files present at the very first start begin at initialPosition', (t) => {
  const [decision] = reconcileScan([], [observed('/l/access.log', '7', content)], firstStart);
  t.like(decision, { kind: 'new', startOffset: content.length, reason: 'initial-position' });
});

test('a file that appears later is read from the start whatever initialPosition says', (t) => {
  const [decision] = reconcileScan([], [observed('/l/access.log', '7', Buffer.from('x\n'))], running);
  t.like(decision, { kind: 'new', startOffset: 0, reason: 'appeared' });
});

test('the same inode under a new name is the same file (rename rotation)', (t) => {
  const decisions = reconcileScan([tracked('a', '/l/access.log', '7', content, 100)], [observed('/l/access.log.1', '7', content)], running);
  t.like(decisions[0], { kind: 'continue', key: 'a', observed: { path: '/l/access.log.1' } });
  t.is((decisions[0] as { reset?: string }).reset, undefined);
});

test('the same inode smaller than what was read is truncated (copytruncate)', (t) => {
  const decisions = reconcileScan([tracked('a', '/l/access.log', '7', content, 500)], [observed('/l/access.log', '7', Buffer.from('new\n'))], running);
  t.like(decisions[0], { kind: 'continue', key: 'a', reset: 'truncated' });
});

test('the same inode with different first bytes is replaced, even when it grew past the offset', (t) => {
  const other = Buffer.from(content.toString().replaceAll('10.0.0.', '192.168.1.'));
  const decisions = reconcileScan([tracked('a', '/l/access.log', '7', content, 100)], [observed('/l/access.log', '7', other)], running);
  t.like(decisions[0], { kind: 'continue', key: 'a', reset: 'replaced' });
});

test('a new inode starting with a followed file\'s bytes is a copy candidate', (t) => {
  const decisions = reconcileScan([tracked('a', '/l/access.log', '7', content, 100)], [
    observed('/l/access.log', '7', content),
    observed('/l/access.log.1', '8', content),
  ], running);
  t.like(decisions.find((decision) => decision.kind === 'copy'), { copyOf: { key: 'a', generation: 0 } });
});

test('a new inode holding a prefix of a followed file (a copy being written) is a copy candidate too', (t) => {
  const decisions = reconcileScan([tracked('a', '/l/access.log', '7', content, 100)], [observed('/l/access.log.1', '8', content.subarray(0, 300))], running);
  t.like(decisions.find((decision) => decision.kind === 'copy'), { copyOf: { key: 'a' } });
});

test('a followed file the pattern no longer matches is missing', (t) => {
  t.deepEqual(reconcileScan([tracked('a', '/l/access.log', '7', content, 0)], [], running), [{ kind: 'missing', key: 'a' }]);
});

test('two names of one inode (hard links) are followed once', (t) => {
  const decisions = reconcileScan([], [observed('/l/a.log', '7', content), observed('/l/b.log', '7', content)], running);
  t.is(decisions.length, 1);
});
