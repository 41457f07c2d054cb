// Loaded into each of the stack's node processes through NODE_OPTIONS (`--import=<this file>`) by bench/pipeline when
// BENCH_ALLOC names a folder (passed on as HOSEPIPE_BENCH_ALLOC_DIR). V8's sampling heap profiler then records what the
// process allocates from its start to its exit, what the garbage collector has freed since included, and the profile
// is written to <folder>/<pid>.heapprofile as the process exits (Chrome DevTools' Memory panel opens it). Bytes
// allocated do not change with the host's speed, as the CPU seconds beside them do.
// Plain JavaScript: the supervisor and the agent run from dist/ with plain node, without tsx.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const folder = process.env.HOSEPIPE_BENCH_ALLOC_DIR;
if (folder) {
  const session = new Session();
  session.connect();
  session.post('HeapProfiler.enable');
  // One sample per 16 KiB allocated on average; objects collected by either collector stay in the profile.
  session.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  // An inspector session in the same thread answers at once, so the profile is written before the process ends.
  process.on('exit', () => session.post('HeapProfiler.stopSampling', (error, result) => {
    if (!error) writeFileSync(join(folder, `${process.pid}.heapprofile`), JSON.stringify(result.profile));
  }));
}
