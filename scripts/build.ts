// `npm run build` (`make build`): everything the hosepipe command needs at run time, compiled into dist/ so
// that it runs as plain JavaScript: tsc's output of the source folders, the files the Lambda runtime starts as
// they are (bootstraps, loader hooks), the transform function's zip, and the pipeline view's page (web/). `--out DIR` builds elsewhere (tests).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTransformZip } from '../lambda/index.js';
import { buildWeb } from '../web/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_FOLDERS = ['api', 'cli', 'stack', 'emulator-shims', 'lambda', 'agent', 'provision', 'scenarios'];
/** Run as they are, never compiled: `.d.mts` declarations only type them. */
const RUNTIME_FILE = /(?<!\.d)\.(mjs|cjs|py)$/;
/** Written last: a build that stopped half-way has none, so `make` builds again. */
const BUILT_STAMP = '.built';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

async function main(): Promise<void> {
  const outIndex = process.argv.indexOf('--out');
  const out = resolve(outIndex === -1 ? join(ROOT, 'dist') : process.argv[outIndex + 1] ?? '');
  const started = performance.now();
  // Built beside the old dist/ and swapped in at the end: a source deleted since the last build does not live
  // on, and a pipeline running from dist/ meanwhile finds its files until the last moment.
  const next = `${out}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  try {
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', next], { stdio: 'inherit' });
    if (tsc.status !== 0) throw new Error(`tsc exited with ${tsc.status ?? tsc.signal}`);
    let copied = 0;
    for (const folder of SOURCE_FOLDERS) {
      for (const file of filesUnder(join(ROOT, folder)).filter((path) => RUNTIME_FILE.test(path))) {
        const target = join(next, relative(ROOT, file));
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(file, target);
        copied++;
      }
    }
    const { bytes } = await buildTransformZip({ outDir: join(next, 'lambda') });
    // The pipeline view's page, bundled by esbuild: what the endpoint serves at /_hosepipe/.
    await buildWeb(join(next, 'web'));
    writeFileSync(join(next, BUILT_STAMP), `${new Date().toISOString()}\n`);
    const old = `${out}.old-${process.pid}`;
    if (existsSync(out)) renameSync(out, old);
    renameSync(next, out);
    rmSync(old, { recursive: true, force: true });
    console.log(`built ${relative(process.cwd(), out) || '.'}/ in ${((performance.now() - started) / 1000).toFixed(1)} s: tsc, ${copied} runtime files, lambda/transform.zip (${bytes} bytes), web/ (the pipeline view)`);
  } finally {
    rmSync(next, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  console.error(`build failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
