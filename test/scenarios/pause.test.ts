import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import test from 'ava';
import { pauseProcessTree } from '../../scenarios/pause.js';
import { eventually, eventuallyValue } from '../fixtures/eventually.js';

/*
 * pauseProcessTree stands between a copytruncate's copy and its truncate: nothing nginx writes may land in
 * between. Real processes: a shell whose child appends to a file without pause, both busy on the CPU.
 */

function state(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return stat.charAt(stat.lastIndexOf(')') + 2);
}

function childrenOf(parent: number): number[] {
  return readFileSync(`/proc/${parent}/task/${parent}/children`, 'latin1').split(' ').filter(Boolean).map(Number);
}

async function startWriters(t: import('ava').ExecutionContext, file: string): Promise<{ parent: ChildProcess; child: number }> {
  // The parent spins and its child appends a line at a time, as nginx's master and worker would be running.
  const parent = spawn('sh', ['-c', `(while :; do echo line >> '${file}'; done) & while :; do :; done`], { stdio: 'ignore' });
  t.teardown(() => {
    for (const pid of parent.pid ? [...childrenOf(parent.pid), parent.pid] : []) {
      try {
        process.kill(pid, 'SIGCONT');
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  });
  const child = await eventuallyValue('the writing child to start', () => childrenOf(parent.pid!)[0]);
  return { parent, child };
}

test('pauseProcessTree resolves only once the process and its children are stopped, and its answer continues them', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-pause-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { parent, child } = await startWriters(t, join(dir, 'log'));

  const resume = await pauseProcessTree(parent.pid!);
  // No wait between the pause and the look: the kernel must already show both stopped.
  t.deepEqual([state(parent.pid!), state(child)], ['T', 'T']);

  resume();
  await eventually('both processes to run again', () => state(parent.pid!) !== 'T' && state(child) !== 'T');
});

test('a process tree paused by pauseProcessTree writes nothing more until it is continued', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-pause-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'log');
  const { parent } = await startWriters(t, file);
  await eventually('the child to write', () => statSync(file, { throwIfNoEntry: false })?.size !== undefined);

  const resume = await pauseProcessTree(parent.pid!);
  const sizeAtPause = statSync(file).size;
  await sleep(200);
  t.is(statSync(file).size, sizeAtPause, 'the file grew while its writer was paused');

  resume();
  await eventually('the writer to go on once continued', () => statSync(file).size > sizeAtPause);
});

// A process held by the cgroup freezer cannot act on SIGSTOP until it is thawed: the stand-in for an nginx worker
// preempted in the middle of a write(), which finishes that write after kill() returned. Needs root and cgroup v1's
// freezer (this machine and CI have both).
const FREEZER = '/sys/fs/cgroup/freezer';
const freezerReason = !existsSync(`${FREEZER}/cgroup.procs`) ? `no cgroup v1 freezer at ${FREEZER}` : process.getuid?.() !== 0 ? 'not root' : undefined;

(freezerReason ? test.skip : test)(`pauseProcessTree waits while a process cannot stop yet, and resolves once it has${freezerReason ? ` (skipped: ${freezerReason})` : ''}`, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-pause-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { parent, child } = await startWriters(t, join(dir, 'log'));
  const group = `${FREEZER}/hosepipe-pause-test-${process.pid}`;
  mkdirSync(group);
  const thaw = () => writeFileSync(`${group}/freezer.state`, 'THAWED');
  t.teardown(() => {
    thaw();
    for (const pid of readFileSync(`${group}/cgroup.procs`, 'latin1').split('\n').filter(Boolean)) writeFileSync(`${FREEZER}/cgroup.procs`, pid);
    rmdirSync(group);
  });
  writeFileSync(`${group}/cgroup.procs`, String(child));
  writeFileSync(`${group}/freezer.state`, 'FROZEN');
  await eventually('the child to be frozen', () => readFileSync(`${group}/freezer.state`, 'latin1').trim() === 'FROZEN');

  let resume: (() => void) | undefined;
  const paused = pauseProcessTree(parent.pid!).then((answer) => (resume = answer));
  await sleep(300);
  t.is(resume, undefined, 'pauseProcessTree resolved while the frozen child had not stopped');

  thaw();
  await paused;
  t.deepEqual([state(parent.pid!), state(child)], ['T', 'T']);
  resume!();
});

test('pauseProcessTree of a process that has ended resolves at once', async (t) => {
  const gone = spawn('true');
  await new Promise((resolve) => gone.once('exit', resolve));
  const resume = await pauseProcessTree(gone.pid!);
  t.notThrows(resume);
});
