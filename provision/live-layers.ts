import { GetLayerVersionCommand, ListLayerVersionsCommand } from '@aws-sdk/client-lambda';
import type { DesiredPipeline } from './desired.js';
import type { Target } from './target.js';

/** The newest version of a layer the project owns, as Lambda describes it. */
export interface LiveLayerVersion {
  arn: string;
  version: number;
  /** base64 SHA-256 of the version's zip (GetLayerVersion's Content.CodeSha256). */
  sha256: string;
  compatibleRuntimes: string[];
  compatibleArchitectures: string[];
}

export interface LiveLayer {
  name: string;
  latest?: LiveLayerVersion;
}

/** Each project layer's newest version (ListLayerVersions answers newest first), with its content hash. */
export async function readLiveLayers(target: Target, desired: DesiredPipeline): Promise<LiveLayer[]> {
  const { lambda } = target.clients;
  const layers: LiveLayer[] = [];
  for (const layer of desired.transform.layers) {
    if (layer.source !== 'project') continue;
    const { LayerVersions: versions = [] } = await lambda.send(new ListLayerVersionsCommand({ LayerName: layer.name, MaxItems: 1 }));
    const newest = versions[0];
    if (newest?.Version === undefined) {
      layers.push({ name: layer.name });
      continue;
    }
    const version = await lambda.send(new GetLayerVersionCommand({ LayerName: layer.name, VersionNumber: newest.Version }));
    layers.push({
      name: layer.name,
      latest: {
        arn: version.LayerVersionArn ?? `${layer.layerArn}:${newest.Version}`,
        version: newest.Version,
        sha256: version.Content?.CodeSha256 ?? '',
        compatibleRuntimes: version.CompatibleRuntimes ?? [],
        compatibleArchitectures: version.CompatibleArchitectures ?? [],
      },
    });
  }
  return layers;
}
