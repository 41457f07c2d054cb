import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { zipSources } from './zip-sources.js';

/** Lambda's limit on a function's layers, and its words for going past it. */
export const MAX_LAYERS = 5;
export const TOO_MANY_LAYERS = 'Cannot reference more than 5 layers.';

// A layer version ARN as Lambda's CreateFunction pattern accepts it.
const LAYER_VERSION_ARN = /^arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+$/;
// Layer names allow letters, digits, - and _ (64 characters in a name).
const LAYER_NAME_LIMIT = 64;

/** A layer of the team's function: one the project owns (published by provisioning), or an existing version. */
export type LayerArtifact =
  | { source: 'project'; label: string; zip: Uint8Array; sha256: string }
  | { source: 'arn'; arn: string };

/** Pure: whether a `transform.layers` entry names an existing layer version rather than a folder or zip. */
export function isLayerArn(entry: string): boolean {
  return entry.startsWith('arn:');
}

/** Pure: why a `transform.layers` entry cannot be used; undefined when it can. `entry` is absolute unless an ARN. */
export function layerEntryProblem(entry: string): string | undefined {
  if (isLayerArn(entry)) {
    return LAYER_VERSION_ARN.test(entry) && entry.length <= 140 ? undefined : `is not a layer version ARN such as arn:aws:lambda:us-east-1:123456789012:layer:my-layer:3`;
  }
  if (!existsSync(entry)) return `does not exist (looked for ${entry}): name a layer folder, a layer zip, or a layer version ARN`;
  const stat = statSync(entry);
  if (stat.isFile() && !entry.endsWith('.zip')) return `is a file that is not a zip (${entry}): a layer is a folder (python/, nodejs/node_modules/, bin/, lib/ at its top) or a zip of one`;
  return undefined;
}

/** Pure: the part of a layer's name that comes from its folder or zip (`deps` for ./layers/deps.zip). */
export function layerLabel(entry: string): string {
  return basename(entry).replace(/\.zip$/, '').replace(/[^a-zA-Z0-9-_]/g, '-');
}

/** Pure: the name a project's layer is published under: `<pipeline>-<folder or zip name>`, within Lambda's limit. */
export function projectLayerName(pipeline: string, label: string): string {
  return `${pipeline}-${label}`.slice(0, LAYER_NAME_LIMIT);
}

/** Pure: the Description a project's layer versions carry (layers take no tags): destroy deletes only versions carrying it. */
export function layerMarker(pipeline: string): string {
  return `hosepipe:pipeline=${pipeline}`;
}

/** Pure: two project layers that would be published under one name; undefined when all differ. */
export function duplicateLayerLabel(entries: readonly string[]): string | undefined {
  const labels = entries.filter((entry) => !isLayerArn(entry)).map(layerLabel);
  return labels.find((label, index) => labels.indexOf(label) !== index);
}

/** Reads the team's layers: a folder is zipped as the function's code is (deterministic), a zip taken as it is. */
export function layerArtifacts(entries: readonly string[]): LayerArtifact[] {
  return entries.map((entry) => {
    if (isLayerArn(entry)) return { source: 'arn', arn: entry };
    const zip = statSync(entry).isFile() ? new Uint8Array(readFileSync(entry)) : zipSources(entry);
    return { source: 'project', label: layerLabel(entry), zip, sha256: createHash('sha256').update(zip).digest('base64') };
  });
}
