import type { Operation } from '../context.js';
import { parseLayerName, parseVersionNumber } from '../layers/layer-arn.js';

/** Deletes one version; functions that use it keep their copy (their /opt). Deleting a missing version succeeds, as on Lambda. */
export const deleteLayerVersion: Operation = async (context, request) => {
  const { name, scope } = parseLayerName(request.target, request.scope);
  const version = parseVersionNumber(request.version);
  if (scope.accountId === request.scope.accountId && scope.region === request.scope.region) await context.layers.delete(scope, name, version);
  return { status: 204 };
};
