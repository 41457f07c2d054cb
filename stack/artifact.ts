import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildTransformZip, TRANSFORM_HANDLER, TRANSFORM_RUNTIME, transformEnvironment } from '../lambda/index.js';
import { customTransformArtifact, customTransformOf, type PipelineConfig, type TransformArtifact } from '../provision/index.js';
import { FROM_SOURCES, PACKAGE_ROOT } from './package-root.js';

const DEFAULT_OUT_DIR = join(PACKAGE_ROOT, 'dist', 'lambda');

/**
 * `dist/lambda/transform.zip`, the one artifact deployed locally and to AWS, and its settings.
 * Run from the sources, the zip is rebuilt in `outDir` when a file under lambda/ is newer than it; run from
 * the built dist/ (the installed package, which has no esbuild), it is the zip the build made.
 */
export async function transformArtifact(config: PipelineConfig, outDir = DEFAULT_OUT_DIR, options: { build?: boolean } = {}): Promise<TransformArtifact> {
  // The team's own function (transform.code): zipped the same way for `up` and for deploy.
  const custom = customTransformOf(config);
  if (custom !== undefined) return customTransformArtifact(custom);
  const zipPath = FROM_SOURCES ? join(outDir, 'transform.zip') : join(DEFAULT_OUT_DIR, 'transform.zip');
  // build: false takes the zip as it is (a container image carries the one built on the host, and no esbuild).
  const useAsIs = !FROM_SOURCES || options.build === false || isFresh(zipPath);
  const zip = useAsIs ? readFileSync(zipPath) : readFileSync((await buildTransformZip({ outDir })).zipPath);
  return {
    zip,
    sha256: createHash('sha256').update(zip).digest('base64'),
    handler: TRANSFORM_HANDLER,
    runtime: TRANSFORM_RUNTIME,
    environment: transformEnvironment({
      logFormat: config.nginx.logFormat,
      escape: config.nginx.logEscape,
      timeZone: config.transform.timeZone,
      dropRules: config.transform.dropRules,
    }),
  };
}

function isFresh(zipPath: string): boolean {
  if (!existsSync(zipPath)) return false;
  const built = statSync(zipPath).mtimeMs;
  return newestSource(join(PACKAGE_ROOT, 'lambda')) <= built;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}
