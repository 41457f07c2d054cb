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

/** The parts of a V8 sampling heap profile (HeapProfiler.stopSampling; a .heapprofile file) the benches read. */
export interface HeapProfile {
  head: HeapProfileNode;
}

export interface HeapProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapProfileNode[];
}

/** One place that allocates: a function at its line in its script, and the bytes sampled there. */
export interface AllocationSite {
  /** The function; for one of Node's own or a native one, `name ← caller`, the nearest caller outside Node. */
  name: string;
  /** The script's file name and the 1-based line of the function (of that caller, for Node's own). */
  place: string;
  bytes: number;
}

type Frame = HeapProfileNode['callFrame'];
const isNodesOwn = (frame: Frame): boolean => frame.url === '' || frame.url.startsWith('node:');
const placeOf = (frame: Frame): string => (frame.url === '' ? '(native)' : `${frame.url.slice(frame.url.lastIndexOf('/') + 1)}:${frame.lineNumber + 1}`);
const nameOf = (frame: Frame): string => frame.functionName || '(anonymous)';

/**
 * Pure: the bytes `profile` sampled in all, and the `top` places that allocated most of them, each the sum over
 * every call path that reached it. What Node's own code or native code allocated (a Buffer's toString, say) is
 * told apart by the nearest caller outside Node, which is where a change would be made.
 */
export function allocationSites(profile: HeapProfile, top: number): { totalBytes: number; sites: AllocationSite[] } {
  const sites = new Map<string, AllocationSite>();
  let totalBytes = 0;
  const pending: Array<[HeapProfileNode, Frame | undefined]> = [[profile.head, undefined]];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    const [node, caller] = entry;
    const frame = node.callFrame;
    const own = isNodesOwn(frame) ? caller : frame;
    for (const child of node.children) pending.push([child, own]);
    if (node.selfSize === 0) continue;
    totalBytes += node.selfSize;
    const via = isNodesOwn(frame) && caller !== undefined ? caller : undefined;
    const key = `${frame.functionName}@${frame.url}:${frame.lineNumber}<${via ? `${via.functionName}@${via.url}:${via.lineNumber}` : ''}`;
    const site = sites.get(key) ?? { name: via ? `${nameOf(frame)} ← ${nameOf(via)}` : nameOf(frame), place: placeOf(via ?? frame), bytes: 0 };
    site.bytes += node.selfSize;
    sites.set(key, site);
  }
  return { totalBytes, sites: [...sites.values()].sort((a, b) => b.bytes - a.bytes).slice(0, top) };
}
