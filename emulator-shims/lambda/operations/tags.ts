import type { ListTagsResponse, TagResourceRequest } from '@aws-sdk/client-lambda';
import type { LambdaContext, Operation, OperationRequest } from '../context.js';
import { resolveFunction } from '../resolve-function.js';
import { parseJsonBody } from './parse-json.js';
import { checkShape, TAG_RESOURCE_SHAPE } from '../input-shape.js';

// Tag operations address the function by its ARN; resolveFunction accepts that form too.
function taggedFunction(context: LambdaContext, request: OperationRequest) {
  return resolveFunction(context, request.scope, request.target);
}

export const listTags: Operation = async (context, request) => {
  const answer: ListTagsResponse = { Tags: taggedFunction(context, request).tags };
  return { status: 200, json: answer };
};

export const tagResource: Operation = async (context, request) => {
  const stored = taggedFunction(context, request);
  const input = checkShape<Pick<TagResourceRequest, 'Tags'>>(parseJsonBody(request.body), TAG_RESOURCE_SHAPE);
  await context.store.put(request.scope, { ...stored, tags: { ...stored.tags, ...input.Tags } });
  return { status: 204 };
};

export const untagResource: Operation = async (context, request) => {
  const stored = taggedFunction(context, request);
  const removed = new Set(request.query.getAll('tagKeys'));
  const tags = Object.fromEntries(Object.entries(stored.tags).filter(([key]) => !removed.has(key)));
  await context.store.put(request.scope, { ...stored, tags });
  return { status: 204 };
};
