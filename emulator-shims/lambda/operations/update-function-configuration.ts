import { randomUUID } from 'node:crypto';
import type { UpdateFunctionConfigurationCommandInput } from '@aws-sdk/client-lambda';
import { applyConfigurationUpdate, asWriteAnswer } from '../configuration.js';
import type { Operation } from '../context.js';
import { preconditionFailed } from '../errors.js';
import { resolveFunction } from '../resolve-function.js';
import { validateUpdateFunctionConfiguration } from '../validation.js';
import { parseJsonBody } from './parse-json.js';

export const updateFunctionConfiguration: Operation = async (context, request) => {
  const input = parseJsonBody<UpdateFunctionConfigurationCommandInput>(request.body);
  const stored = resolveFunction(context, request.target);
  validateUpdateFunctionConfiguration(input);
  if (input.RevisionId !== undefined && input.RevisionId !== stored.configuration.RevisionId) throw preconditionFailed();
  const configuration = applyConfigurationUpdate(stored.configuration, input, context.now(), randomUUID());
  await context.store.put({ configuration, tags: stored.tags });
  await context.runner.replace(configuration.FunctionName!);
  return { status: 200, json: asWriteAnswer(configuration, 'update') };
};
