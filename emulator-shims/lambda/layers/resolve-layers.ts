import type { Layer } from '@aws-sdk/client-lambda';
import type { Scope } from '../../shared/index.js';
import type { LambdaContext } from '../context.js';
import { invalidParameterValue, lambdaValidationError } from '../errors.js';
import { parseLayerVersionArn, VERSION_ARN_PATTERN } from './layer-arn.js';

const MAX_LAYERS = 5;

/** The layers a function runs with, as its configuration lists them, and their unzipped size together. */
export interface ResolvedLayers {
  arns: string[];
  configuration: Layer[];
  unzippedBytes: number;
}

/**
 * Checks a `Layers` list as Lambda does (at most 5, each an existing version in the function's own
 * region, one version per layer) and keeps its order: it is the order the layers are unpacked in.
 */
export function resolveLayers(context: LambdaContext, scope: Scope, arns: readonly string[] | undefined): ResolvedLayers {
  const list = arns ?? [];
  const malformed = list.filter((arn) => parseLayerVersionArn(arn) === undefined);
  if (malformed.length > 0) {
    throw lambdaValidationError([`Value '[${list.join(', ')}]' at 'layers' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 140, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ${VERSION_ARN_PATTERN}, Member must not be null]`]);
  }
  if (list.length > MAX_LAYERS) throw invalidParameterValue(`Cannot reference more than ${MAX_LAYERS} layers.`);
  const seen = new Map<string, number>();
  const configuration: Layer[] = [];
  let unzippedBytes = 0;
  for (const arn of list) {
    const reference = parseLayerVersionArn(arn)!;
    const layerKey = `${reference.scope.accountId}:${reference.scope.region}:${reference.name}`;
    const earlier = seen.get(layerKey);
    if (earlier !== undefined) {
      throw invalidParameterValue(`Two different versions of the same layer are not allowed to be referenced in the same function. ${arn.slice(0, arn.lastIndexOf(':'))} references version ${earlier} and version ${reference.version}.`);
    }
    seen.set(layerKey, reference.version);
    // Layers of another account need a layer permission, which is not emulated: they do not exist here.
    const local = reference.scope.accountId === scope.accountId && reference.scope.region === scope.region;
    const stored = local ? context.layers.get(scope, reference.name, reference.version) : undefined;
    if (stored === undefined) throw invalidParameterValue(`Layer version ${arn} does not exist.`);
    configuration.push({ Arn: arn, CodeSize: stored.description.Content?.CodeSize ?? 0 });
    unzippedBytes += stored.unzippedBytes;
  }
  return { arns: [...list], configuration, unzippedBytes };
}
