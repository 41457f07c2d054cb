import { cp, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Scope } from '../../shared/index.js';
import { optDirectory } from '../state-paths.js';
import { parseLayerVersionArn } from './layer-arn.js';
import type { LayerStore } from './layer-store.js';

/**
 * Builds a function's `/opt`: its layers' contents copied in order into one folder, a later layer's
 * file replacing an earlier one's, as Lambda extracts layers. Built once per distinct list (the folder
 * is named by it) and kept even when a layer version is deleted later, as Lambda keeps a function's copy.
 */
export async function prepareOptFolder(stateDir: string, layers: LayerStore, scope: Scope, functionName: string, arns: readonly string[]): Promise<string | undefined> {
  if (arns.length === 0) return undefined;
  const folder = optDirectory(stateDir, scope, functionName, arns);
  if (await stat(folder).then(() => true, () => false)) return folder;
  const staging = `${folder}.partial-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  await mkdir(staging, { recursive: true });
  try {
    for (const arn of arns) {
      const reference = parseLayerVersionArn(arn)!;
      const content = join(layers.folder(scope, reference.name, reference.version), 'content');
      // Links inside a layer point inside it (checked when it was unpacked); they are copied as links.
      await cp(content, staging, { recursive: true, force: true, verbatimSymlinks: true });
    }
    await rename(staging, folder).catch(async (error: unknown) => {
      if (!(await stat(folder).then(() => true, () => false))) throw error;
      await rm(staging, { recursive: true, force: true });
    });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return folder;
}
