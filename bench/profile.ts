import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/** The parts of a V8 CPU profile the benches read. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Starts sampling this process's CPU; `stop` resolves to the profile. */
export async function startProfiler(): Promise<{ stop: () => Promise<CpuProfile> }> {
  const session = new Session();
  session.connect();
  const post = (method: string) => new Promise<{ profile?: CpuProfile }>((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result as { profile?: CpuProfile }))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await post('Profiler.stop');
      session.disconnect();
      return profile!;
    },
  };
}

/**
 * This process's CPU profile over one part of a bench, written to `file` when stopped (open it in
 * Chrome's DevTools or VS Code). Returns a no-op when `file` is unset, so benches call it unconditionally.
 */
export async function profileTo(file: string | undefined): Promise<{ stop: () => Promise<void> }> {
  if (!file) return { stop: async () => {} };
  const profiler = await startProfiler();
  return { stop: async () => writeFileSync(file, JSON.stringify(await profiler.stop())) };
}

/**
 * The milliseconds `profile` sampled in all, and those whose stack has a frame from a script `inside` names
 * somewhere in it (the time spent in that code and in everything it called).
 */
export function inclusiveMs(profile: CpuProfile, inside: (url: string) => boolean): { totalMs: number; insideMs: number } {
  const parent = new Map<number, number>();
  const urls = new Map<number, string>();
  for (const node of profile.nodes) {
    urls.set(node.id, node.callFrame.url);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const verdicts = new Map<number, boolean>();
  const isInside = (id: number): boolean => {
    let verdict = verdicts.get(id);
    if (verdict === undefined) {
      const up = parent.get(id);
      verdict = inside(urls.get(id) ?? '') || (up !== undefined && isInside(up));
      verdicts.set(id, verdict);
    }
    return verdict;
  };
  let total = 0;
  let insideTotal = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    total += delta;
    if (isInside(id)) insideTotal += delta;
  });
  return { totalMs: total / 1000, insideMs: insideTotal / 1000 };
}
