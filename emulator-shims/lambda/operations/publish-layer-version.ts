import type { PublishLayerVersionRequest, PublishLayerVersionResponse } from '@aws-sdk/client-lambda';
import { codeSha256, installZip, measureZip } from '../code-package.js';
import { readCodeZip } from '../code-source.js';
import { formatLastModified } from '../configuration.js';
import type { Operation } from '../context.js';
import { invalidParameterValue } from '../errors.js';
import { PUBLISH_LAYER_VERSION_SHAPE, checkShape } from '../input-shape.js';
import { layerArn, layerVersionArn, parseLayerName } from '../layers/layer-arn.js';
import { validatePublishLayerVersion } from '../layers/layer-validation.js';
import { parseJsonBody } from './parse-json.js';

/** Publishes the next version of a layer: its zip measured and unpacked before the version exists. */
export const publishLayerVersion: Operation = async (context, request) => {
  const input = checkShape<Omit<PublishLayerVersionRequest, 'LayerName'>>(parseJsonBody(request.body), PUBLISH_LAYER_VERSION_SHAPE);
  const { name, scope } = parseLayerName(request.target, request.scope);
  if (scope.accountId !== request.scope.accountId || scope.region !== request.scope.region) {
    throw invalidParameterValue('Layers can only be published in the account and region of the caller.');
  }
  validatePublishLayerVersion(input);
  const content = input.Content!;
  if (content.ZipFile === undefined && (content.S3Bucket === undefined || content.S3Key === undefined)) {
    throw invalidParameterValue('Please provide a source for layer content.');
  }
  const zip = await readCodeZip(context, scope, content);
  const unzippedBytes = await measureZip(zip);
  const version = await context.layers.nextVersion(scope, name);
  const folder = context.layers.folder(scope, name, version);
  await installZip(folder, zip, 'content');
  const arn = layerArn(scope, name);
  const description: Omit<PublishLayerVersionResponse, '$metadata'> = {
    Content: {
      Location: `${context.endpointUrl() ?? ''}/2018-10-31/layers/${encodeURIComponent(arn)}/versions/${version}/content.zip`,
      CodeSha256: codeSha256(zip),
      CodeSize: zip.length,
    },
    LayerArn: arn,
    LayerVersionArn: layerVersionArn(scope, name, version),
    Description: input.Description ?? '',
    CreatedDate: formatLastModified(context.now()),
    Version: version,
    ...(input.CompatibleRuntimes !== undefined && input.CompatibleRuntimes.length > 0 ? { CompatibleRuntimes: input.CompatibleRuntimes } : {}),
    ...(input.LicenseInfo !== undefined ? { LicenseInfo: input.LicenseInfo } : {}),
    ...(input.CompatibleArchitectures !== undefined && input.CompatibleArchitectures.length > 0 ? { CompatibleArchitectures: input.CompatibleArchitectures } : {}),
  };
  await context.layers.put(scope, name, { description, unzippedBytes });
  return { status: 201, json: description };
};
