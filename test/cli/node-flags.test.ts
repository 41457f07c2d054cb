import test from 'ava';
import { AGENT_FLAGS, nodeFlags, processEnv } from '../../stack/process.js';

test('hosepipe starts the endpoint with a 4 MiB semi-space, a heap-growing factor of 100% and a single-threaded collector when the user gave no such flag', (t) => {
  t.deepEqual(nodeFlags(), ['--max-semi-space-size=4', '--heap-growing-percent=100', '--single-threaded-gc']);
  t.deepEqual(nodeFlags(['--enable-source-maps'], '--no-warnings'), ['--max-semi-space-size=4', '--heap-growing-percent=100', '--single-threaded-gc', '--enable-source-maps']);
});

test("the user's own negation of a boolean flag wins over hosepipe's, in either spelling", (t) => {
  t.deepEqual(nodeFlags(['--no-single-threaded-gc']), ['--max-semi-space-size=4', '--heap-growing-percent=100', '--no-single-threaded-gc']);
  t.deepEqual(nodeFlags(['--no_single_threaded_gc']), ['--max-semi-space-size=4', '--heap-growing-percent=100', '--no_single_threaded_gc']);
});

test("the user's own young-generation size wins, on the command line or in NODE_OPTIONS, in either spelling", (t) => {
  t.deepEqual(nodeFlags(['--max-semi-space-size=8']), ['--heap-growing-percent=100', '--single-threaded-gc', '--max-semi-space-size=8']);
  t.deepEqual(nodeFlags(['--max_semi_space_size=8']), ['--heap-growing-percent=100', '--single-threaded-gc', '--max_semi_space_size=8']);
  t.deepEqual(nodeFlags([], '--max-semi-space-size=16 --heap-growing-percent=300 --no-warnings'), ['--single-threaded-gc']);
});

test('the agent gets a 4 MiB semi-space and a heap-growing factor of 20%, and a user who named either flag keeps their own', (t) => {
  t.deepEqual(nodeFlags([], '', AGENT_FLAGS), ['--max-semi-space-size=4', '--heap-growing-percent=20']);
  t.deepEqual(nodeFlags([], '--max-semi-space-size=16', AGENT_FLAGS), ['--heap-growing-percent=20']);
  t.deepEqual(nodeFlags(['--heap_growing_percent=100'], '', AGENT_FLAGS), ['--max-semi-space-size=4', '--heap_growing_percent=100']);
});

test("hosepipe's own processes get glibc's two-arena, fixed-mmap-threshold settings, each unless the user's environment names it", (t) => {
  t.deepEqual(processEnv({ PATH: '/bin' }), { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', PATH: '/bin' });
  t.deepEqual(processEnv({ MALLOC_ARENA_MAX: '8' }), { MALLOC_ARENA_MAX: '8', MALLOC_MMAP_THRESHOLD_: '131072' });
});

test('a user who tunes glibc with GLIBC_TUNABLES gets none of the allocator defaults', (t) => {
  t.deepEqual(processEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=4', PATH: '/bin' }), { GLIBC_TUNABLES: 'glibc.malloc.arena_max=4', PATH: '/bin' });
});
