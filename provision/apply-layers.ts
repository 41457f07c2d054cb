import { DeleteLayerVersionCommand, ListLayerVersionsCommand, PublishLayerVersionCommand } from '@aws-sdk/client-lambda';
import type { DesiredLayer, DesiredPipeline } from './desired.js';
import type { Change } from './plan.js';
import type { Target } from './target.js';

type ProjectLayer = Extract<DesiredLayer, { source: 'project' }>;

/** Publishes the next version of a project's layer; answers the version ARN the function is to use. */
export async function publishLayer(target: Target, desired: DesiredPipeline, name: string): Promise<string> {
  const layer = projectLayer(desired, name);
  const published = await target.clients.lambda.send(new PublishLayerVersionCommand({
    LayerName: layer.name,
    Description: layer.description,
    Content: { ZipFile: layer.zip },
    CompatibleRuntimes: layer.compatibleRuntimes as never,
    CompatibleArchitectures: layer.compatibleArchitectures as never,
  }));
  if (published.LayerVersionArn === undefined) throw new Error(`PublishLayerVersion of ${layer.name} answered no LayerVersionArn`);
  return published.LayerVersionArn;
}

/**
 * Pure: the function's Layers, in hosepipe.yaml's order, once every project layer has a version (`versions`:
 * layer name → version ARN, from a publish or from the plan's unchanged layers).
 */
export function resolvedLayerArns(desired: DesiredPipeline, versions: ReadonlyMap<string, string>): string[] {
  return desired.transform.layers.map((layer) => {
    if (layer.source === 'arn') return layer.arn;
    const arn = versions.get(layer.name);
    if (arn === undefined) throw new Error(`layer ${layer.name} has no version to attach: the plan holds no change for it`);
    return arn;
  });
}

/** The versions unchanged layers keep, from the plan. */
export function keptLayerVersions(plan: readonly Change[]): Map<string, string> {
  return new Map(plan.flatMap((change) => (change.resource === 'layer' && change.layerVersionArn !== undefined ? [[change.name, change.layerVersionArn] as const] : [])));
}

/**
 * Deletes the versions of the project's layers that carry the pipeline's marker (layers take no tags, so the
 * Description stands for one); a version published by anyone else is kept. Answers the ARNs deleted.
 */
export async function deleteLayerVersions(target: Target, desired: DesiredPipeline): Promise<{ deleted: string[]; kept: string[] }> {
  const { lambda } = target.clients;
  const deleted: string[] = [];
  const kept: string[] = [];
  for (const layer of desired.transform.layers) {
    if (layer.source !== 'project') continue;
    const versions: { arn: string; version: number; ours: boolean }[] = [];
    let marker: string | undefined;
    do {
      const page = await lambda.send(new ListLayerVersionsCommand({ LayerName: layer.name, ...(marker ? { Marker: marker } : {}) }));
      for (const item of page.LayerVersions ?? []) {
        if (item.Version !== undefined) versions.push({ arn: item.LayerVersionArn ?? `${layer.layerArn}:${item.Version}`, version: item.Version, ours: item.Description === layer.description });
      }
      marker = page.NextMarker;
    } while (marker);
    for (const version of versions) {
      if (!version.ours) {
        kept.push(`layer ${version.arn} (its Description is not ${layer.description})`);
        continue;
      }
      await lambda.send(new DeleteLayerVersionCommand({ LayerName: layer.name, VersionNumber: version.version }));
      deleted.push(`layer ${version.arn}`);
    }
  }
  return { deleted, kept };
}

function projectLayer(desired: DesiredPipeline, name: string): ProjectLayer {
  const layer = desired.transform.layers.find((candidate): candidate is ProjectLayer => candidate.source === 'project' && candidate.name === name);
  if (layer === undefined) throw new Error(`no layer ${name} in the desired pipeline`);
  return layer;
}
