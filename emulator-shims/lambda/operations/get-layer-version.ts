import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Scope } from '../../shared/index.js';
import type { LambdaContext, Operation } from '../context.js';
import { LambdaError, lambdaValidationError } from '../errors.js';
import { parseLayerName, parseLayerVersionArn, parseVersionNumber, VERSION_ARN_PATTERN } from '../layers/layer-arn.js';
import type { StoredLayerVersion } from '../layers/layer-store.js';

/** GetLayerVersion: `/2018-10-31/layers/{LayerName}/versions/{VersionNumber}`. */
export const getLayerVersion: Operation = async (context, request) => {
  const { name, scope } = parseLayerName(request.target, request.scope);
  const version = parseVersionNumber(request.version);
  return { status: 200, json: findLayerVersion(context, request.scope, scope, name, version).description };
};

/** GetLayerVersionByArn: `/2018-10-31/layers?find=LayerVersion&Arn=…`. */
export const getLayerVersionByArn: Operation = async (context, request) => {
  const arn = request.query.get('Arn') ?? undefined;
  const reference = arn === undefined ? undefined : parseLayerVersionArn(arn);
  if (reference === undefined) {
    throw lambdaValidationError([`Value '${(arn ?? 'null').slice(0, 200)}' at 'arn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${VERSION_ARN_PATTERN}`]);
  }
  return { status: 200, json: findLayerVersion(context, request.scope, reference.scope, reference.name, reference.version).description };
};

/** The zip behind a layer version's Content.Location (a hosepipe path, standing in for S3's presigned URL). */
export const getLayerVersionContent: Operation = async (context, request) => {
  const { name, scope } = parseLayerName(request.target, request.scope);
  const version = parseVersionNumber(request.version);
  findLayerVersion(context, scope, scope, name, version);
  return { status: 200, raw: await readFile(join(context.layers.folder(scope, name, version), 'code.zip')), contentType: 'application/zip' };
};

/** A version of a layer of the caller's own account and region (layer permissions are not emulated). */
export function findLayerVersion(context: LambdaContext, caller: Scope, scope: Scope, name: string, version: number): StoredLayerVersion {
  const local = scope.accountId === caller.accountId && scope.region === caller.region;
  const stored = local ? context.layers.get(scope, name, version) : undefined;
  if (stored === undefined) throw new LambdaError('ResourceNotFoundException', 'The resource you requested does not exist.', 404, 'Message');
  return stored;
}
