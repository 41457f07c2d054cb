import type { GetFunctionResponse } from '@aws-sdk/client-lambda';
import type { Operation } from '../context.js';
import { resolveFunction } from '../resolve-function.js';

export const getFunction: Operation = async (context, request) => {
  const stored = resolveFunction(context, request.scope, request.target, request.query.get('Qualifier'));
  const endpoint = context.endpointUrl();
  // Lambda hands out a presigned S3 URL; locally the zip is served by this shim itself, named by the function's ARN.
  const location = `${endpoint ?? ''}/2015-03-31/functions/${encodeURIComponent(stored.configuration.FunctionArn!)}/code.zip`;
  const answer: GetFunctionResponse = {
    Configuration: stored.configuration,
    Code: { RepositoryType: 'S3', Location: location },
    ...(Object.keys(stored.tags).length > 0 ? { Tags: stored.tags } : {}),
  };
  return { status: 200, json: answer };
};
