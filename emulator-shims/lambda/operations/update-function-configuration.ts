import { randomUUID } from 'node:crypto';
import type { UpdateFunctionConfigurationCommandInput } from '@aws-sdk/client-lambda';
import { combinedTooLarge, UNZIPPED_LIMIT_BYTES } from '../code-package.js';
import { applyConfigurationUpdate, asWriteAnswer } from '../configuration.js';
import type { Operation } from '../context.js';
import { preconditionFailed } from '../errors.js';
import { checkExecutionRole } from '../execution-role.js';
import { UPDATE_FUNCTION_CONFIGURATION_SHAPE, checkShape } from '../input-shape.js';
import { prepareOptFolder } from '../layers/opt-folder.js';
import { resolveLayers } from '../layers/resolve-layers.js';
import { resolveFunction } from '../resolve-function.js';
import { validateUpdateFunctionConfiguration } from '../validation.js';
import { parseJsonBody } from './parse-json.js';

export const updateFunctionConfiguration: Operation = async (context, request) => {
  const input = checkShape<UpdateFunctionConfigurationCommandInput>(parseJsonBody(request.body), UPDATE_FUNCTION_CONFIGURATION_SHAPE);
  const { scope } = request;
  const stored = resolveFunction(context, scope, request.target);
  validateUpdateFunctionConfiguration(input);
  if (input.RevisionId !== undefined && input.RevisionId !== stored.configuration.RevisionId) throw preconditionFailed();
  const name = stored.configuration.FunctionName!;
  if (input.Role !== undefined) await checkExecutionRole(context, scope, input.Role, name);
  const layers = input.Layers === undefined ? undefined : resolveLayers(context, scope, input.Layers);
  if (layers !== undefined && (stored.codeUnzippedBytes ?? 0) + layers.unzippedBytes > UNZIPPED_LIMIT_BYTES) {
    throw combinedTooLarge((stored.codeUnzippedBytes ?? 0) + layers.unzippedBytes);
  }
  const configuration = applyConfigurationUpdate(stored.configuration, input, context.now(), randomUUID(), layers?.configuration);
  if (layers !== undefined) await prepareOptFolder(context.stateDir, context.layers, scope, name, layers.arns);
  await context.store.put(scope, { ...stored, configuration });
  await context.runner.replace(scope, name);
  return { status: 200, json: asWriteAnswer(configuration, 'update') };
};
