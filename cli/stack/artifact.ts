import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildTransformZip, TRANSFORM_HANDLER, TRANSFORM_RUNTIME, transformEnvironment } from '../../lambda/index.js';
import type { PipelineConfig, TransformArtifact } from '../../provision/index.js';

/** Builds `dist/lambda/transform.zip`, the one artifact deployed locally and to AWS, and its settings. */
export async function transformArtifact(config: PipelineConfig, outDir?: string): Promise<TransformArtifact> {
  const built = await buildTransformZip(outDir ? { outDir } : {});
  const zip = readFileSync(built.zipPath);
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
