import test from 'ava';
import { nodeFlags } from '../../stack/process.js';

test('hosepipe starts its own processes with a small young generation when the user gave no such flag', (t) => {
  t.deepEqual(nodeFlags(), ['--max-semi-space-size=2']);
  t.deepEqual(nodeFlags(['--enable-source-maps'], '--no-warnings'), ['--max-semi-space-size=2', '--enable-source-maps']);
});

test("the user's own young-generation size wins, on the command line or in NODE_OPTIONS, in either spelling", (t) => {
  t.deepEqual(nodeFlags(['--max-semi-space-size=8']), ['--max-semi-space-size=8']);
  t.deepEqual(nodeFlags(['--max_semi_space_size=8']), ['--max_semi_space_size=8']);
  t.deepEqual(nodeFlags([], '--max-semi-space-size=16 --no-warnings'), []);
});
