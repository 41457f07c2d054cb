import type { Scope } from '../shared/index.js';

/** The ARN partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

export function functionArn(scope: Scope, functionName: string, qualifier?: string): string {
  const base = `arn:${partitionOf(scope.region)}:lambda:${scope.region}:${scope.accountId}:function:${functionName}`;
  return qualifier === undefined ? base : `${base}:${qualifier}`;
}

/** What a FunctionName parameter points at, in any of the forms Lambda accepts. */
export interface FunctionReference {
  name: string;
  qualifier?: string;
  accountId?: string;
  region?: string;
}

// name | name:qualifier | account:function:name[:qualifier] | arn:aws:lambda:region:account:function:name[:qualifier]
const FULL_ARN = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9_-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/;
const PARTIAL_ARN = /^(\d{12}):function:([a-zA-Z0-9_-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/;
const NAME = /^([a-zA-Z0-9_-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/;

/** Parses a FunctionName path parameter; undefined when it fits none of Lambda's forms. */
export function parseFunctionReference(value: string): FunctionReference | undefined {
  const full = FULL_ARN.exec(value);
  if (full) return withQualifier({ region: full[1], accountId: full[2], name: full[3]! }, full[4]);
  const partial = PARTIAL_ARN.exec(value);
  if (partial) return withQualifier({ accountId: partial[1], name: partial[2]! }, partial[3]);
  const plain = NAME.exec(value);
  if (plain) return withQualifier({ name: plain[1]! }, plain[2]);
  return undefined;
}

function withQualifier(reference: FunctionReference, qualifier: string | undefined): FunctionReference {
  return qualifier === undefined ? reference : { ...reference, qualifier };
}
