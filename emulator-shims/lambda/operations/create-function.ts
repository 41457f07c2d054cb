import { randomUUID } from 'node:crypto';
import type { CreateFunctionCommandInput } from '@aws-sdk/client-lambda';
import { installCode } from '../code-package.js';
import { readCodeZip } from '../code-source.js';
import { asWriteAnswer, buildConfiguration } from '../configuration.js';
import type { Operation } from '../context.js';
import { functionAlreadyExists } from '../errors.js';
import { validateCreateFunction } from '../validation.js';
import { parseJsonBody } from './parse-json.js';

export const createFunction: Operation = async (context, request) => {
  const input = parseJsonBody<CreateFunctionCommandInput>(request.body);
  validateCreateFunction(input);
  const name = input.FunctionName!;
  if (context.store.get(name)) throw functionAlreadyExists(name);
  const zip = await readCodeZip(context, input.Code!);
  const code = await installCode(context.stateDir, name, zip);
  // Two creates may race through the awaits above; the first one to get here wins.
  if (context.store.get(name)) throw functionAlreadyExists(name);
  const configuration = buildConfiguration(input, context.scope, code, context.now(), randomUUID());
  await context.store.put({ configuration, tags: { ...input.Tags } });
  return { status: 201, json: asWriteAnswer(configuration, 'create') };
};
