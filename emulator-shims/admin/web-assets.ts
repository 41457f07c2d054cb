/**
 * The pipeline view's three files. The built package serves them from dist/web/ (`npm run build` bundles
 * them there beside the compiled code); run from the sources (tsx), they are bundled once in memory with
 * esbuild from web/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WebAsset {
  body: Buffer;
  contentType: string;
}

export type WebAssets = Record<'index.html' | 'app.js' | 'app.css', WebAsset>;

// dist/web/ beside dist/emulator-shims/ when built, web/ beside emulator-shims/ in the sources.
const WEB = fileURLToPath(new URL('../../web/', import.meta.url));

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
  if (existsSync(join(WEB, 'app.js'))) {
    const read = (name: string): Buffer => readFileSync(join(WEB, name));
    return assets(read('index.html'), read('app.js'), read('app.css'));
  }
  if (!existsSync(join(WEB, 'main.ts'))) throw new Error(`the pipeline view is not built: ${join(WEB, 'app.js')} is missing (run npm run build)`);
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
