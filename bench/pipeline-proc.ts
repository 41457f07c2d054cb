import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100;

const statFields = (pid: number): string[] | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
};

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat fields 14 and 15; 0 when it is gone. */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND : 0;
}

/**
 * `pid` and every process below it, from each process's children list in /proc (processes here
 * spawn from their main thread). Reading only the stack's own entries keeps the sampling cheap;
 * scanning all of /proc five times a second took a fifth of the bench process's CPU.
 */
export function processTree(pid: number): number[] {
  const tree = [pid];
  for (let index = 0; index < tree.length; index++) {
    const parent = tree[index]!;
    try {
      const children = readFileSync(`/proc/${parent}/task/${parent}/children`, 'latin1').trim();
      if (children) tree.push(...children.split(' ').map(Number));
    } catch {
      // Gone while we looked.
    }
  }
  return tree;
}

/** The pattern of a `<field>: N kB` line, made once per field instead of on every read of every process in each sample. */
const fieldPatterns = new Map<string, RegExp>();
const fieldPattern = (field: string): RegExp => {
  let pattern = fieldPatterns.get(field);
  if (pattern === undefined) {
    pattern = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm');
    fieldPatterns.set(field, pattern);
  }
  return pattern;
};

/** A `<field>: N kB` line of a /proc/<pid> file in bytes; 0 when the process is gone. */
function procBytes(pid: number, file: string, field: string): number {
  try {
    const match = fieldPattern(field).exec(readFileSync(`/proc/${pid}/${file}`, 'latin1'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Resident memory in bytes (VmRSS) of a process; 0 when it is gone. */
export const rssBytes = (pid: number): number => procBytes(pid, 'status', 'VmRSS');

/** What a process in the stack is, from its command line. */
export function roleOf(pid: number, root: number): string {
  if (pid === root) return 'endpoint';
  let command = '';
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ');
  } catch {
    return 'other';
  }
  if (command.includes('nginx')) return 'nginx';
  if (command.includes('wrk')) return 'wrk';
  if (command.includes('agent/main')) return 'agent';
  if (command.includes('bootstrap')) return 'Lambda';
  return 'other';
}

/**
 * Proportional resident memory in bytes (Pss from smaps_rollup) of a process: each page shared with other
 * processes (the node binary's, mapped by every node process) counted as its share; 0 when it is gone.
 */
export const pssBytes = (pid: number): number => procBytes(pid, 'smaps_rollup', 'Pss');

export interface StackSample {
  /** Peak summed RSS of the tree, without the load tool. */
  peakRss: number;
  /** The summed PSS of the same processes in the sample where the RSS peaked (read only on a new peak). */
  pssAtPeak: number;
  /** CPU seconds per role from the start of sampling (the root's own time counts as the endpoint's). */
  cpuByRole: Map<string, number>;
  /** Each role's summed RSS in the sample where the whole stack peaked. */
  rssByRoleAtPeak: Map<string, number>;
}

/**
 * Samples a process tree every `everyMs` until stopped: the peak of its summed RSS (the load tool,
 * role `wrk`, left out) and the CPU seconds each role used meanwhile. A process that exits between
 * samples keeps its last sample.
 */
export function sampleStack(root: number, everyMs = 500): { stop: () => StackSample } {
  let peakRss = 0;
  let pssAtPeak = 0;
  let rssByRoleAtPeak = new Map<string, number>();
  const first = new Map<number, number>();
  const last = new Map<number, { role: string; seconds: number }>();
  const sample = (initial: boolean) => {
    let rss = 0;
    const byRole = new Map<string, number>();
    const counted: number[] = [];
    for (const pid of processTree(root)) {
      const role = last.get(pid)?.role ?? roleOf(pid, root);
      const seconds = cpuSeconds(pid);
      if (seconds === 0 && last.has(pid)) continue;
      if (initial) first.set(pid, seconds);
      last.set(pid, { role, seconds });
      if (role === 'wrk') continue;
      const bytes = rssBytes(pid);
      rss += bytes;
      counted.push(pid);
      byRole.set(role, (byRole.get(role) ?? 0) + bytes);
    }
    if (rss > peakRss) {
      peakRss = rss;
      rssByRoleAtPeak = byRole;
      pssAtPeak = counted.reduce((sum, pid) => sum + pssBytes(pid), 0);
    }
  };
  sample(true);
  const timer = setInterval(() => sample(false), everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample(false);
      const cpuByRole = new Map<string, number>();
      for (const [pid, { role, seconds }] of last) cpuByRole.set(role, (cpuByRole.get(role) ?? 0) + seconds - (first.get(pid) ?? 0));
      return { peakRss, pssAtPeak, cpuByRole, rssByRoleAtPeak };
    },
  };
}
