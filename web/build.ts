/**
 * Bundles the pipeline view (web/main.ts and web/styles.css) with esbuild into one JS and one CSS file,
 * beside index.html, in dist/web/: what the endpoint serves at /_hosepipe/. Nothing is fetched from the
 * network at run time. `npm run build` (scripts/build.ts) writes them; the endpoint run from the sources
 * calls bundleWeb() itself.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WebBundle {
  html: Buffer;
  js: Buffer;
  css: Buffer;
}

const WEB_DIR = fileURLToPath(new URL('.', import.meta.url));
const REPO_ROOT = path.resolve(WEB_DIR, '..');
export const WEB_OUT_DIR = path.join(REPO_ROOT, 'dist', 'web');

/** The three files, in memory. */
export async function bundleWeb(): Promise<WebBundle> {
  // Loaded lazily: esbuild is a build-time dependency only.
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: { app: path.join(WEB_DIR, 'main.ts'), styles: path.join(WEB_DIR, 'styles.css') },
    outdir: 'out',
    bundle: true,
    platform: 'browser',
    target: ['chrome115', 'firefox115', 'safari16'],
    format: 'esm',
    minify: true,
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const file = (extension: string): Buffer => {
    const output = result.outputFiles.find((candidate) => candidate.path.endsWith(extension));
    if (!output) throw new Error(`esbuild produced no ${extension} for web/`);
    return Buffer.from(output.contents);
  };
  return { html: await readFile(path.join(WEB_DIR, 'index.html')), js: file('app.js'), css: file('styles.css') };
}

/** Writes dist/web/index.html, app.js and app.css. */
export async function buildWeb(outDir = WEB_OUT_DIR): Promise<string> {
  const bundle = await bundleWeb();
  await mkdir(outDir, { recursive: true });
  await Promise.all([
    writeFile(path.join(outDir, 'index.html'), bundle.html),
    writeFile(path.join(outDir, 'app.js'), bundle.js),
    writeFile(path.join(outDir, 'app.css'), bundle.css),
  ]);
  return outDir;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outDir = await buildWeb();
  console.log(`built ${path.relative(process.cwd(), outDir)}/ (index.html, app.js, app.css)`);
}
