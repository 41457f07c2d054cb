import type { LayerVersionsListItem, ListLayersResponse, ListLayerVersionsResponse } from '@aws-sdk/client-lambda';
import type { OperationRequest, Operation } from '../context.js';
import { lambdaValidationError } from '../errors.js';
import { layerArn, parseLayerName } from '../layers/layer-arn.js';
import type { StoredLayerVersion } from '../layers/layer-store.js';

const DEFAULT_PAGE = 50;

/** ListLayerVersions: newest first, filtered by CompatibleRuntime / CompatibleArchitecture, paged by an opaque marker. */
export const listLayerVersions: Operation = async (context, request) => {
  const { name, scope } = parseLayerName(request.target, request.scope);
  const local = scope.accountId === request.scope.accountId && scope.region === request.scope.region;
  const matching = (local ? context.layers.versions(scope, name) : []).filter(matches(request));
  const { page, next } = paginate(request, matching);
  const answer: ListLayerVersionsResponse = { LayerVersions: page.map(listItem), ...(next !== undefined ? { NextMarker: next } : {}) };
  return { status: 200, json: answer };
};

/** ListLayers: each layer of the caller's scope with its newest matching version. */
export const listLayers: Operation = async (context, request) => {
  const scope = request.scope;
  const layers = context.layers.names(scope).flatMap((name) => {
    const latest = context.layers.versions(scope, name).find(matches(request));
    return latest === undefined ? [] : [{ LayerName: name, LayerArn: layerArn(scope, name), LatestMatchingVersion: listItem(latest) }];
  });
  const { page, next } = paginate(request, layers);
  const answer: ListLayersResponse = { Layers: page, ...(next !== undefined ? { NextMarker: next } : {}) };
  return { status: 200, json: answer };
};

function listItem(stored: StoredLayerVersion): LayerVersionsListItem {
  const { Content: _content, LayerArn: _arn, ...item } = stored.description;
  return item;
}

function matches(request: OperationRequest): (stored: StoredLayerVersion) => boolean {
  const runtime = request.query.get('CompatibleRuntime');
  const architecture = request.query.get('CompatibleArchitecture');
  return (stored) =>
    (runtime === null || (stored.description.CompatibleRuntimes ?? []).includes(runtime as never))
    && (architecture === null || (stored.description.CompatibleArchitectures ?? []).includes(architecture as never));
}

function paginate<T>(request: OperationRequest, items: T[]): { page: T[]; next?: string } {
  const maxText = request.query.get('MaxItems');
  const max = maxText === null ? DEFAULT_PAGE : Number(maxText);
  if (!Number.isInteger(max) || max < 1 || max > 50) {
    throw lambdaValidationError([`Value '${(maxText ?? '').slice(0, 20)}' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 50`]);
  }
  const marker = request.query.get('Marker');
  const start = marker === null ? 0 : Number.parseInt(Buffer.from(marker, 'base64url').toString('utf8'), 10);
  const from = Number.isInteger(start) && start >= 0 ? start : 0;
  const page = items.slice(from, from + max);
  return from + max < items.length ? { page, next: Buffer.from(String(from + max)).toString('base64url') } : { page };
}
