import type { Scope } from '../../shared/index.js';
import { partitionOf } from '../arn.js';
import { lambdaValidationError } from '../errors.js';

const NAME = /^[a-zA-Z0-9-_]+$/;
const LAYER_ARN = /^arn:[a-zA-Z0-9-]+:lambda:([a-zA-Z0-9-]+):(\d{12}):layer:([a-zA-Z0-9-_]+)$/;
const VERSION_ARN = /^arn:[a-zA-Z0-9-]+:lambda:([a-zA-Z0-9-]+):(\d{12}):layer:([a-zA-Z0-9-_]+):([0-9]+)$/;
const NAME_PATTERN = '(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+';
export const VERSION_ARN_PATTERN = 'arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+';

/** A layer as a LayerName parameter names it: by name (in the call's scope) or by its ARN. */
export interface LayerReference {
  name: string;
  scope: Scope;
}

export function layerArn(scope: Scope, name: string): string {
  return `arn:${partitionOf(scope.region)}:lambda:${scope.region}:${scope.accountId}:layer:${name}`;
}

export function layerVersionArn(scope: Scope, name: string, version: number): string {
  return `${layerArn(scope, name)}:${version}`;
}

/** Pure: the LayerName path parameter (a name or a layer ARN), validated as Lambda validates it. */
export function parseLayerName(value: string | undefined, scope: Scope): LayerReference {
  if (value !== undefined && value.length >= 1 && value.length <= 140) {
    if (NAME.test(value)) return { name: value, scope };
    const arn = LAYER_ARN.exec(value);
    if (arn) return { name: arn[3]!, scope: { region: arn[1]!, accountId: arn[2]! } };
  }
  throw lambdaValidationError([`Value '${(value ?? 'null').slice(0, 200)}' at 'layerName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${NAME_PATTERN}`]);
}

/** Pure: the VersionNumber path parameter (a positive integer). */
export function parseVersionNumber(value: string | undefined): number {
  const version = Number(value);
  if (value !== undefined && /^\d{1,15}$/.test(value) && version >= 1) return version;
  throw lambdaValidationError([`Value '${(value ?? 'null').slice(0, 40)}' at 'versionNumber' failed to satisfy constraint: Member must have value greater than or equal to 1`]);
}

/** Pure: the parts of a layer version ARN; undefined when the text is not one. */
export function parseLayerVersionArn(value: string): (LayerReference & { version: number }) | undefined {
  const match = value.length <= 140 ? VERSION_ARN.exec(value) : null;
  if (!match) return undefined;
  return { scope: { region: match[1]!, accountId: match[2]! }, name: match[3]!, version: Number(match[4]) };
}
