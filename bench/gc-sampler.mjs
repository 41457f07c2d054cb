// Loaded into the stack's node processes (the CLI's, the supervisor's, the agent's) through NODE_OPTIONS
// (`--import=<this file>`) by bench/pipeline when BENCH_GC is set (passed on as HOSEPIPE_BENCH_GC_DIR). V8's
// GCProfiler records every collection from the process's start to its exit; the sums are written to
// <folder>/<pid>.gc.json as the process exits. How many collections a run makes, and how much the young
// generation's collections move to the old one, do not change with the host's speed, as their time does.
// Plain JavaScript: the supervisor and the agent run from dist/ with plain node, without tsx.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GCProfiler } from 'node:v8';

const folder = process.env.HOSEPIPE_BENCH_GC_DIR;
if (folder) {
  const profiler = new GCProfiler();
  profiler.start();
  const OLD_SPACES = new Set(['old_space', 'large_object_space']);
  const oldBytes = (stats) => stats.heapSpaceStatistics.reduce((sum, space) => sum + (OLD_SPACES.has(space.spaceName) ? space.spaceUsedSize : 0), 0);
  process.on('exit', () => {
    const data = profiler.stop();
    const sums = { minor: { count: 0, ms: 0, promotedBytes: 0 }, full: { count: 0, ms: 0 } };
    for (const gc of data?.statistics ?? []) {
      // Scavenge (or V8's minor mark-sweep) collects the young generation; MarkSweepCompact both. V8's other
      // events (incremental marking steps, weak callbacks) are parts of these, not collections of their own.
      const kind = gc.gcType === 'Scavenge' || gc.gcType === 'MinorMarkSweep' ? 'minor' : gc.gcType === 'MarkSweepCompact' ? 'full' : undefined;
      if (kind === undefined) continue;
      sums[kind].count += 1;
      sums[kind].ms += gc.cost / 1000;
      if (kind === 'minor') sums.minor.promotedBytes += Math.max(0, oldBytes(gc.afterGC) - oldBytes(gc.beforeGC));
    }
    writeFileSync(join(folder, `${process.pid}.gc.json`), JSON.stringify(sums));
  });
}
