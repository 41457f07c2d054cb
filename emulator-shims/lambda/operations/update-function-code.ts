import { randomUUID } from 'node:crypto';
import type { UpdateFunctionCodeCommandInput } from '@aws-sdk/client-lambda';
import { installCode } from '../code-package.js';
import { readCodeZip } from '../code-source.js';
import { applyCodeUpdate, asWriteAnswer } from '../configuration.js';
import type { Operation } from '../context.js';
import { invalidParameterValue, preconditionFailed } from '../errors.js';
import { resolveFunction } from '../resolve-function.js';
import { parseJsonBody } from './parse-json.js';

export const updateFunctionCode: Operation = async (context, request) => {
  const input = parseJsonBody<UpdateFunctionCodeCommandInput>(request.body);
  const stored = resolveFunction(context, request.target);
  if (input.ZipFile === undefined && (input.S3Bucket === undefined || input.S3Key === undefined)) {
    throw invalidParameterValue('Please provide a source for function code.');
  }
  if (input.RevisionId !== undefined && input.RevisionId !== stored.configuration.RevisionId) throw preconditionFailed();
  const name = stored.configuration.FunctionName!;
  const zip = await readCodeZip(context, input);
  const code = await installCode(context.stateDir, name, zip);
  const configuration = applyCodeUpdate(stored.configuration, code, input.Architectures, context.now(), randomUUID());
  // DryRun validates and reports, but keeps the current code.
  if (input.DryRun === true) return { status: 200, json: { ...configuration, RevisionId: stored.configuration.RevisionId } };
  await context.store.put({ configuration, tags: stored.tags });
  await context.runner.replace(name);
  return { status: 200, json: asWriteAnswer(configuration, 'update') };
};
