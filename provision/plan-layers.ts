import type { DesiredLayer, DesiredPipeline } from './desired.js';
import type { LivePipeline } from './live.js';
import type { Change } from './change.js';

type ProjectLayer = Extract<DesiredLayer, { source: 'project' }>;

/**
 * Pure: one change per layer the project owns. A layer whose newest version has the same content hash (and
 * the same compatible runtime and architecture) is left alone: the function keeps using that version.
 */
export function planLayers(desired: DesiredPipeline, live: LivePipeline): Change[] {
  return desired.transform.layers.filter((layer): layer is ProjectLayer => layer.source === 'project').map((layer) => {
    const latest = live.layers?.find((candidate) => candidate.name === layer.name)?.latest;
    if (latest === undefined) return { resource: 'layer', name: layer.name, action: 'create', details: [`version 1, CodeSha256 ${layer.sha256}`] };
    const details = [
      ...(latest.sha256 !== layer.sha256 ? [`content changed (CodeSha256 ${latest.sha256} → ${layer.sha256})`] : []),
      ...(!sameList(latest.compatibleRuntimes, layer.compatibleRuntimes) ? [`compatible runtimes ${latest.compatibleRuntimes.join(', ') || '(any)'} → ${layer.compatibleRuntimes.join(', ')}`] : []),
      ...(!sameList(latest.compatibleArchitectures, layer.compatibleArchitectures) ? [`compatible architectures ${latest.compatibleArchitectures.join(', ') || '(any)'} → ${layer.compatibleArchitectures.join(', ')}`] : []),
    ];
    if (details.length === 0) return { resource: 'layer', name: layer.name, action: 'none', details: [], layerVersionArn: latest.arn };
    return { resource: 'layer', name: layer.name, action: 'update', details: [`new version ${latest.version + 1}: ${details.join('; ')}`] };
  });
}

/** Pure: the layer version ARNs the function will have, in order; a version still to be published is `<layer ARN>:(new)`. */
export function plannedLayerArns(desired: DesiredPipeline, layerChanges: readonly Change[]): string[] {
  return desired.transform.layers.map((layer) => {
    if (layer.source === 'arn') return layer.arn;
    return layerChanges.find((change) => change.name === layer.name)?.layerVersionArn ?? `${layer.layerArn}:(new)`;
  });
}

/** Pure: a layer version ARN as a person reads it in a plan, `<layer name>:<version>`. */
export function shortLayer(arn: string): string {
  const parts = arn.split(':');
  return parts.length >= 8 ? `${parts[6]}:${parts[7]}` : arn;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  const [left, right] = [[...a].sort(), [...b].sort()];
  return left.length === right.length && left.every((value, index) => value === right[index]);
}
