import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

const SAMPLER = fileURLToPath(new URL('../../bench/gc-sampler.mjs', import.meta.url));

// Keeps 200,000 small objects (so young-generation collections move some to the old generation), then asks for two full collections.
const WORKLOAD = 'const kept = []; for (let i = 0; i < 200000; i += 1) kept.push({ i }); globalThis.gc(); globalThis.gc(); console.log(kept.length);';

test('the GC sampler writes, as its process exits, how many young-generation and full collections it made and what they moved to the old generation', (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'hosepipe-gc-sampler-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  execFileSync(process.execPath, ['--expose-gc', '--max-semi-space-size=1', `--import=${SAMPLER}`, '-e', WORKLOAD], { env: { ...process.env, HOSEPIPE_BENCH_GC_DIR: folder } });
  const files = readdirSync(folder);
  t.is(files.length, 1);
  t.regex(files[0]!, /^\d+\.gc\.json$/);
  const sums = JSON.parse(readFileSync(join(folder, files[0]!), 'utf8')) as { minor: { count: number; ms: number; promotedBytes: number }; full: { count: number; ms: number } };
  t.true(sums.minor.count >= 1, `young-generation collections: ${sums.minor.count}`);
  t.true(sums.minor.promotedBytes > 0, `moved to the old generation: ${sums.minor.promotedBytes}`);
  t.true(sums.full.count >= 2, `full collections: ${sums.full.count}`);
  t.true(sums.full.ms > 0);
});

test('without HOSEPIPE_BENCH_GC_DIR the GC sampler records nothing', (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'hosepipe-gc-sampler-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  const env = { ...process.env };
  delete env.HOSEPIPE_BENCH_GC_DIR;
  const out = execFileSync(process.execPath, ['--expose-gc', `--import=${SAMPLER}`, '-e', WORKLOAD], { cwd: folder, env, encoding: 'utf8' });
  t.is(out.trim(), '200000');
  t.deepEqual(readdirSync(folder), []);
});
