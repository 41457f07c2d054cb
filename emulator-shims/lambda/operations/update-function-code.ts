import { randomUUID } from 'node:crypto';
import type { UpdateFunctionCodeCommandInput } from '@aws-sdk/client-lambda';
import { codeSha256, installCode, measureZip } from '../code-package.js';
import { readCodeZip } from '../code-source.js';
import { applyCodeUpdate, asWriteAnswer } from '../configuration.js';
import type { Operation } from '../context.js';
import { invalidParameterValue, preconditionFailed } from '../errors.js';
import { UPDATE_FUNCTION_CODE_SHAPE, checkShape } from '../input-shape.js';
import { resolveLayers } from '../layers/resolve-layers.js';
import { resolveFunction } from '../resolve-function.js';
import { codeDirectory } from '../state-paths.js';
import { validateArchitectures } from '../validation.js';
import { parseJsonBody } from './parse-json.js';

export const updateFunctionCode: Operation = async (context, request) => {
  const input = checkShape<UpdateFunctionCodeCommandInput>(parseJsonBody(request.body), UPDATE_FUNCTION_CODE_SHAPE);
  const { scope } = request;
  const stored = resolveFunction(context, scope, request.target);
  validateArchitectures(input.Architectures);
  if (input.ZipFile === undefined && (input.S3Bucket === undefined || input.S3Key === undefined)) {
    throw invalidParameterValue('Please provide a source for function code.');
  }
  if (input.RevisionId !== undefined && input.RevisionId !== stored.configuration.RevisionId) throw preconditionFailed();
  const name = stored.configuration.FunctionName!;
  const zip = await readCodeZip(context, scope, input);
  // The layers the function runs with count against the same limit as its new code.
  const layerBytes = (stored.configuration.Layers ?? []).reduce((sum, layer) => sum + layerSize(context, scope, layer.Arn!), 0);
  const unzippedBytes = await measureZip(zip, layerBytes);
  const code = await installCode(codeDirectory(context.stateDir, scope, name, codeSha256(zip)), zip);
  const configuration = applyCodeUpdate(stored.configuration, code, input.Architectures, context.now(), randomUUID());
  // DryRun validates and reports, but keeps the current code.
  if (input.DryRun === true) return { status: 200, json: { ...configuration, RevisionId: stored.configuration.RevisionId } };
  await context.store.put(scope, { ...stored, configuration, codeUnzippedBytes: unzippedBytes });
  await context.runner.replace(scope, name);
  return { status: 200, json: asWriteAnswer(configuration, 'update') };
};

// A layer version deleted since the function took it still counts with what it had (Lambda keeps its copy).
function layerSize(context: Parameters<Operation>[0], scope: Parameters<Operation>[1]['scope'], arn: string): number {
  try {
    return resolveLayers(context, scope, [arn]).unzippedBytes;
  } catch {
    return 0;
  }
}
