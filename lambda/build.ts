import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { zipSync } from 'fflate';

/** The handler setting of the transform function: `handler` exported from `index.mjs`. */
export const TRANSFORM_HANDLER = 'index.handler';
/**
 * The Lambda runtime the function is created with. Not nodejs20.x: Lambda deprecated it on 2026-04-30 (no more
 * security patches) and plans to block creating functions with it from 2027-02-01. Not nodejs24.x: the
 * Terraform AWS provider 5.x that terraform/ pins does not know it. terraform/transform.tf names the same one.
 */
export const TRANSFORM_RUNTIME = 'nodejs22.x';
/** The one file inside the zip; `.mjs` so Node loads it as ESM wherever the zip is unpacked. */
export const TRANSFORM_BUNDLE_FILE = 'index.mjs';

/** The built artifact. */
export interface TransformZip {
  zipPath: string;
  sha256: string;
  bytes: number;
}

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
// fflate writes DOS times from local-time fields, so a date built from local fields is the same bytes in every zone.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const FILE_MODE = (0o100644 << 16) >>> 0;
const UNIX_OS = 3;

const bundleHandler = async (): Promise<Uint8Array> => {
  // Loaded lazily: importing this package for its constants must not need the bundler.
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [path.join(REPO_ROOT, 'lambda', 'handler.ts')],
    outfile: TRANSFORM_BUNDLE_FILE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild produced no output for lambda/handler.ts');
  return output.contents;
};

/**
 * Bundles lambda/handler.ts with esbuild into one ESM file and zips it, deterministically (fixed
 * mtime and mode), to `<outDir>/transform.zip`; outDir defaults to dist/lambda in the repository.
 */
export async function buildTransformZip(options: { outDir?: string } = {}): Promise<TransformZip> {
  const outDir = path.resolve(options.outDir ?? path.join(REPO_ROOT, 'dist', 'lambda'));
  const bundle = await bundleHandler();
  const zip = zipSync({ [TRANSFORM_BUNDLE_FILE]: [bundle, { mtime: FIXED_MTIME, os: UNIX_OS, attrs: FILE_MODE }] }, { level: 9 });
  await mkdir(outDir, { recursive: true });
  const zipPath = path.join(outDir, 'transform.zip');
  await writeFile(zipPath, zip);
  return { zipPath, sha256: createHash('sha256').update(zip).digest('hex'), bytes: zip.byteLength };
}

// Also checks the file name: once bundled into another program, import.meta.url is that program's.
const isEntryPoint =
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href &&
  /[\\/]lambda[\\/]build\.[cm]?[jt]s$/.test(fileURLToPath(import.meta.url));

// No top-level await: this module is also imported (through index.ts) by code that tsx may load as CommonJS.
if (isEntryPoint) {
  buildTransformZip().then(
    ({ zipPath, sha256, bytes }) => {
      console.log(`built ${path.relative(process.cwd(), zipPath)} (${bytes} bytes, sha256 ${sha256}, handler ${TRANSFORM_HANDLER}, ${TRANSFORM_RUNTIME})`);
    },
    (error: unknown) => {
      console.error(`lambda build failed: ${(error as Error).message}`);
      process.exitCode = 1;
    },
  );
}
