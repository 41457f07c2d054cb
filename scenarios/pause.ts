import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long a process may take to stop after SIGSTOP before pausing gives up on it (a loaded machine). */
const STOP_TIMEOUT_MS = 10_000;

/**
 * Stops a process and its children (nginx's master and workers) with SIGSTOP and resolves once the kernel shows
 * every one of them stopped; resolves to the function that continues them. kill() returns as soon as the signal
 * is queued: a worker running on another core goes on until it next returns to user space, so it could still be
 * writing a log line after kill() returned, and a line written between a copytruncate's copy and its truncate is
 * in neither file (the likely cause of copytruncate-under-load failing once in CI on a loaded machine). Children
 * are found through /proc (Linux); elsewhere only `pid` is paused, unwaited.
 */
export async function pauseProcessTree(pid: number): Promise<() => void> {
  const pids = [pid, ...childrenOf(pid)];
  for (const each of pids) signal(each, 'SIGSTOP');
  const resume = () => {
    for (const each of pids) signal(each, 'SIGCONT');
  };
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  for (;;) {
    const running = pids.filter((each) => !isStopped(each));
    if (running.length === 0) return resume;
    if (Date.now() > deadline) {
      resume();
      throw new Error(`pausing nginx: process(es) ${running.join(', ')} had not stopped ${STOP_TIMEOUT_MS} ms after SIGSTOP`);
    }
    await sleep(1);
  }
}

/**
 * Whether a process is stopped (state T, or t when traced), or gone: there is nothing left to wait for then.
 * Field 3 of /proc/<pid>/stat is the state; the command name (field 2) may hold spaces, so read after ')'.
 * Where /proc is missing (not Linux), the signal is all there is to go by.
 */
function isStopped(pid: number): boolean {
  const stat = readStat(pid);
  if (stat === undefined) return true;
  const state = stat.charAt(stat.lastIndexOf(')') + 2);
  return state === 'T' || state === 't' || state === 'Z' || state === 'X';
}

function childrenOf(parent: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const name of entries) {
    const stat = readStat(Number(name));
    if (stat === undefined) continue;
    // Field 4 is the parent pid.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === parent) children.push(Number(name));
  }
  return children;
}

function readStat(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    // The process ended while we looked, or there is no /proc.
    return undefined;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}
