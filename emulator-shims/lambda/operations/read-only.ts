import type { GetFunctionCodeSigningConfigResponse, ListVersionsByFunctionResponse } from '@aws-sdk/client-lambda';
import { functionArn } from '../arn.js';
import type { Operation } from '../context.js';
import { resolveFunction } from '../resolve-function.js';

// Reads that deployment tools (Terraform's aws_lambda_function) make after every create and refresh.

/** Only $LATEST exists locally (nothing is published); Lambda lists it with its qualified ARN. */
export const listVersionsByFunction: Operation = async (context, request) => {
  const stored = resolveFunction(context, request.scope, request.target);
  const name = stored.configuration.FunctionName!;
  const answer: ListVersionsByFunctionResponse = { Versions: [{ ...stored.configuration, FunctionArn: functionArn(request.scope, name, '$LATEST') }] };
  return { status: 200, json: answer };
};

/** No code signing locally: Lambda answers an empty ARN for a function without a config. */
export const getFunctionCodeSigningConfig: Operation = async (context, request) => {
  const stored = resolveFunction(context, request.scope, request.target);
  const answer: GetFunctionCodeSigningConfigResponse = { CodeSigningConfigArn: '', FunctionName: stored.configuration.FunctionName! };
  return { status: 200, json: answer };
};
