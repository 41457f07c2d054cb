import { readFile } from 'node:fs/promises';
import { codeDirectory, zipPath } from '../code-package.js';
import type { Operation } from '../context.js';
import { resolveFunction } from '../resolve-function.js';

/** Serves the zip behind GetFunction's Code.Location (a hosepipe path, standing in for S3). */
export const getFunctionCodeZip: Operation = async (context, request) => {
  const stored = resolveFunction(context, request.target);
  const { FunctionName, CodeSha256 } = stored.configuration;
  const zip = await readFile(zipPath(codeDirectory(context.stateDir, FunctionName!, CodeSha256!)));
  return { status: 200, raw: zip, contentType: 'application/zip' };
};
