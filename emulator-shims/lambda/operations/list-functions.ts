import type { ListFunctionsResponse } from '@aws-sdk/client-lambda';
import type { Operation } from '../context.js';
import { invalidParameterValue } from '../errors.js';

const DEFAULT_PAGE = 50;

/** Lists $LATEST of every function by name; the marker is the opaque (base64) name to resume from. */
export const listFunctions: Operation = async (context, request) => {
  const maxItemsText = request.query.get('MaxItems');
  const maxItems = maxItemsText === null ? DEFAULT_PAGE : Number(maxItemsText);
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 10_000) {
    throw invalidParameterValue(`1 validation error detected: Value '${maxItemsText}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000`);
  }
  const marker = request.query.get('Marker');
  const all = context.store.list(request.scope);
  const resumeAt = marker === null ? undefined : Buffer.from(marker, 'base64url').toString('utf8');
  const start = resumeAt === undefined ? 0 : all.findIndex((stored) => stored.configuration.FunctionName! >= resumeAt);
  const page = start < 0 ? [] : all.slice(start, start + maxItems);
  const next = start < 0 ? undefined : all[start + maxItems];
  const answer: ListFunctionsResponse = {
    Functions: page.map((stored) => stored.configuration),
    ...(next ? { NextMarker: Buffer.from(next.configuration.FunctionName!, 'utf8').toString('base64url') } : {}),
  };
  return { status: 200, json: answer };
};
