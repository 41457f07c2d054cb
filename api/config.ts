import { join, resolve } from 'node:path';
import { loadPipelineConfig, parsePipelineConfig, resolvePipelinePaths, type PipelineConfig, type pipelineSchema } from '../provision/index.js';
import type { z } from 'zod';

/** hosepipe.yaml as an object, before defaults: every field optional except `name`. */
export type PipelineDocument = z.input<typeof pipelineSchema>;

/**
 * The pipeline startPipeline runs: hosepipe.yaml read from a path (default `./hosepipe.yaml`), or a document
 * validated as that file would be, its relative `transform.code` and `layers` taken from the working folder.
 */
export function resolvePipelineConfig(config: string | PipelineDocument | undefined, cwd = process.cwd()): PipelineConfig {
  if (config === undefined || typeof config === 'string') return loadPipelineConfig(resolve(cwd, config ?? 'hosepipe.yaml'));
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new TypeError(`startPipeline: config must be a path to hosepipe.yaml or an object shaped like it (got ${config === null ? 'null' : Array.isArray(config) ? 'an array' : typeof config})`);
  }
  return parsePipelineConfig(resolvePipelinePaths(config, join(cwd, 'hosepipe.yaml')), 'startPipeline({ config })');
}
