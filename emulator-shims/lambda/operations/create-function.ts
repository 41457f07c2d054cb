import { randomUUID } from 'node:crypto';
import type { CreateFunctionCommandInput } from '@aws-sdk/client-lambda';
import { codeSha256, installCode, measureZip } from '../code-package.js';
import { readCodeZip } from '../code-source.js';
import { asWriteAnswer, buildConfiguration } from '../configuration.js';
import type { Operation } from '../context.js';
import { functionAlreadyExists } from '../errors.js';
import { checkExecutionRole } from '../execution-role.js';
import { CREATE_FUNCTION_SHAPE, checkShape } from '../input-shape.js';
import { prepareOptFolder } from '../layers/opt-folder.js';
import { resolveLayers } from '../layers/resolve-layers.js';
import { codeDirectory } from '../state-paths.js';
import { validateCreateFunction } from '../validation.js';
import { parseJsonBody } from './parse-json.js';

export const createFunction: Operation = async (context, request) => {
  const input = checkShape<CreateFunctionCommandInput>(parseJsonBody(request.body), CREATE_FUNCTION_SHAPE);
  validateCreateFunction(input);
  const name = input.FunctionName!;
  const { scope } = request;
  if (context.store.get(scope, name)) throw functionAlreadyExists(name);
  await checkExecutionRole(context, scope, input.Role!, name);
  const layers = resolveLayers(context, scope, input.Layers);
  const zip = await readCodeZip(context, scope, input.Code!);
  const unzippedBytes = await measureZip(zip, layers.unzippedBytes);
  const code = await installCode(codeDirectory(context.stateDir, scope, name, codeSha256(zip)), zip);
  // Two creates may race through the awaits above; the first one to get here wins.
  if (context.store.get(scope, name)) throw functionAlreadyExists(name);
  const configuration = buildConfiguration(input, scope, code, context.now(), randomUUID(), layers.configuration);
  await prepareOptFolder(context.stateDir, context.layers, scope, name, layers.arns);
  await context.store.put(scope, { configuration, tags: { ...input.Tags }, codeUnzippedBytes: unzippedBytes });
  return { status: 201, json: asWriteAnswer(configuration, 'create') };
};
