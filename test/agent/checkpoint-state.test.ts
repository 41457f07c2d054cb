import test from 'ava';
import { CheckpointFormatError, parseCheckpoint, serializeCheckpoint, type Checkpoint } from '../../agent/checkpoint-state.js';

const checkpoint: Checkpoint = {
  version: 1,
  stream: 'access',
  files: [
    { path: '/l/b.log', dev: '1', ino: '9', head: { length: 3, sha256: 'ab' }, offset: 10 },
    { path: '/l/a.log', dev: '1', ino: '7', head: { length: 1024, sha256: 'cd' }, offset: 0 },
  ],
};

test('a checkpoint round-trips through its JSON form, files sorted by path', (t) => {
  const parsed = parseCheckpoint(serializeCheckpoint(checkpoint), '/state.json');
  t.deepEqual(parsed.files.map((file) => file.path), ['/l/a.log', '/l/b.log']);
  t.deepEqual(parsed, { ...checkpoint, files: [checkpoint.files[1]!, checkpoint.files[0]!] });
});

test('a malformed checkpoint names the file and the bad entry', (t) => {
  const bad = JSON.stringify({ version: 1, stream: 's', files: [{ path: '/x', dev: '1', ino: '2', offset: -1, head: { length: 0, sha256: '' } }] });
  const error = t.throws(() => parseCheckpoint(bad, '/state.json'), { instanceOf: CheckpointFormatError });
  t.is(error?.message, 'checkpoint file /state.json is unreadable: files[0] is malformed');
  t.throws(() => parseCheckpoint('{', '/state.json'), { message: /not JSON/ });
});
