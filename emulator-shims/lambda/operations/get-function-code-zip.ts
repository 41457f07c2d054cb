import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Operation } from '../context.js';
import { resolveFunction } from '../resolve-function.js';
import { codeDirectory } from '../state-paths.js';

/** Serves the zip behind GetFunction's Code.Location (a hosepipe path, standing in for S3's presigned URL). */
export const getFunctionCodeZip: Operation = async (context, request) => {
  const stored = resolveFunction(context, request.scope, request.target);
  const { FunctionName, CodeSha256 } = stored.configuration;
  const zip = await readFile(join(codeDirectory(context.stateDir, request.scope, FunctionName!, CodeSha256!), 'code.zip'));
  return { status: 200, raw: zip, contentType: 'application/zip' };
};
