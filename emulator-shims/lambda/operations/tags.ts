import type { ListTagsResponse, TagResourceRequest } from '@aws-sdk/client-lambda';
import type { LambdaContext, Operation } from '../context.js';
import { resolveFunction } from '../resolve-function.js';
import { parseJsonBody } from './parse-json.js';

// Tag operations address the function by its ARN; resolveFunction accepts that form too.
function taggedFunction(context: LambdaContext, target: string | undefined) {
  return resolveFunction(context, target);
}

export const listTags: Operation = async (context, request) => {
  const answer: ListTagsResponse = { Tags: taggedFunction(context, request.target).tags };
  return { status: 200, json: answer };
};

export const tagResource: Operation = async (context, request) => {
  const stored = taggedFunction(context, request.target);
  const input = parseJsonBody<Pick<TagResourceRequest, 'Tags'>>(request.body);
  await context.store.put({ configuration: stored.configuration, tags: { ...stored.tags, ...input.Tags } });
  return { status: 204 };
};

export const untagResource: Operation = async (context, request) => {
  const stored = taggedFunction(context, request.target);
  const removed = new Set(request.query.getAll('tagKeys'));
  const tags = Object.fromEntries(Object.entries(stored.tags).filter(([key]) => !removed.has(key)));
  await context.store.put({ configuration: stored.configuration, tags });
  return { status: 204 };
};
