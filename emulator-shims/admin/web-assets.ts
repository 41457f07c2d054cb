/**
 * The pipeline view's three files. Served from dist/web/ (`npm run build`); in a checkout whose web/
 * sources are newer than dist/web (or where it was never built), bundled once in memory with esbuild.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WebAsset {
  body: Buffer;
  contentType: string;
}

export type WebAssets = Record<'index.html' | 'app.js' | 'app.css', WebAsset>;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'dist', 'web');
const SOURCES = join(ROOT, 'web');

let loading: Promise<WebAssets> | undefined;

/** Loads (or bundles) the files once per process. */
export function loadWebAssets(): Promise<WebAssets> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function load(): Promise<WebAssets> {
  if (isBuilt()) {
    const read = (name: string): Buffer => readFileSync(join(DIST, name));
    return assets(read('index.html'), read('app.js'), read('app.css'));
  }
  if (!existsSync(join(SOURCES, 'build.ts'))) throw new Error(`the pipeline view is not built: ${DIST} is missing (run npm run build)`);
  const { bundleWeb } = await import('../../web/index.js');
  const bundle = await bundleWeb();
  return assets(bundle.html, bundle.js, bundle.css);
}

function assets(html: Buffer, js: Buffer, css: Buffer): WebAssets {
  return {
    'index.html': { body: html, contentType: 'text/html; charset=utf-8' },
    'app.js': { body: js, contentType: 'text/javascript; charset=utf-8' },
    'app.css': { body: css, contentType: 'text/css; charset=utf-8' },
  };
}

/** dist/web has all three files and none is older than a source under web/ (when the sources are there). */
function isBuilt(): boolean {
  const files = ['index.html', 'app.js', 'app.css'].map((name) => join(DIST, name));
  if (!files.every((file) => existsSync(file))) return false;
  if (!existsSync(SOURCES)) return true;
  const built = Math.min(...files.map((file) => statSync(file).mtimeMs));
  return newest(SOURCES) <= built;
}

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}
