import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { PipelineConfig } from './config.js';
import type { TransformArtifact } from './desired.js';
import { layerArtifacts } from './layers.js';
import { defaultHandler } from './transform-checks.js';
import { zipSources } from './zip-sources.js';

/** The team's own transform as hosepipe.yaml names it (`transform.code` and its neighbours). */
export interface CustomTransform {
  /** An absolute path: a source folder, a single file, or a zip. */
  code: string;
  runtime: string;
  handler: string;
  environment: Record<string, string>;
  /** In order: absolute paths of layer folders or zips the project owns, or layer version ARNs. */
  layers: string[];
}

/**
 * The zip of a team's function, the one artifact deployed locally and to AWS: a zip as it is, a single
 * file at the zip's root, or a folder's files (sorted, fixed times, execute bits kept; `.git` and
 * `__pycache__` left out). Its layers are read the same way.
 */
export function customTransformArtifact(transform: CustomTransform): TransformArtifact {
  const zip = transform.code.endsWith('.zip') && statSync(transform.code).isFile() ? new Uint8Array(readFileSync(transform.code)) : zipSources(transform.code);
  return {
    zip,
    sha256: createHash('sha256').update(zip).digest('base64'),
    handler: transform.handler,
    runtime: transform.runtime,
    environment: { ...transform.environment },
    layers: layerArtifacts(transform.layers),
  };
}

/** The team's function hosepipe.yaml names, or undefined for the built-in transform. */
export function customTransformOf(config: PipelineConfig): CustomTransform | undefined {
  const { code, runtime, handler, environment, layers } = config.transform;
  if (code === undefined || runtime === undefined) return undefined;
  return { code, runtime, handler: handler ?? defaultHandler(runtime), environment, layers };
}
