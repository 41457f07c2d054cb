import type { CreateFunctionCommandInput, FunctionConfiguration, Layer, UpdateFunctionConfigurationCommandInput } from '@aws-sdk/client-lambda';
import type { Scope } from '../shared/index.js';
import { functionArn, partitionOf } from './arn.js';

/** What Lambda knows about an uploaded package. */
export interface CodeFacts {
  codeSha256: string;
  codeSize: number;
}

/** Lambda's LastModified format: ISO 8601 with milliseconds and a `+0000` offset. */
export function formatLastModified(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}

/** The $LATEST configuration of a new function, with Lambda's defaults filled in. */
export function buildConfiguration(input: CreateFunctionCommandInput, scope: Scope, code: CodeFacts, nowMs: number, revisionId: string, layers: Layer[] = []): FunctionConfiguration {
  const name = input.FunctionName!;
  return {
    FunctionName: name,
    FunctionArn: functionArn(scope, name),
    Runtime: input.Runtime,
    Role: input.Role,
    Handler: input.Handler,
    CodeSize: code.codeSize,
    Description: input.Description ?? '',
    Timeout: input.Timeout ?? 3,
    MemorySize: input.MemorySize ?? 128,
    LastModified: formatLastModified(nowMs),
    CodeSha256: code.codeSha256,
    Version: '$LATEST',
    ...(input.Environment?.Variables ? { Environment: { Variables: { ...input.Environment.Variables } } } : {}),
    ...(layers.length > 0 ? { Layers: layers } : {}),
    TracingConfig: { Mode: input.TracingConfig?.Mode ?? 'PassThrough' },
    RevisionId: revisionId,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: input.Architectures ?? ['x86_64'],
    EphemeralStorage: { Size: input.EphemeralStorage?.Size ?? 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    RuntimeVersionConfig: { RuntimeVersionArn: `arn:${partitionOf(scope.region)}:lambda:${scope.region}::runtime:hosepipe-local-${input.Runtime}` },
    LoggingConfig: {
      LogFormat: input.LoggingConfig?.LogFormat ?? 'Text',
      LogGroup: input.LoggingConfig?.LogGroup ?? `/aws/lambda/${name}`,
    },
  };
}

/** The configuration after UpdateFunctionConfiguration: only the fields the request names change. */
export function applyConfigurationUpdate(current: FunctionConfiguration, input: UpdateFunctionConfigurationCommandInput, nowMs: number, revisionId: string, layers?: Layer[]): FunctionConfiguration {
  const next: FunctionConfiguration = { ...current, LastModified: formatLastModified(nowMs), RevisionId: revisionId };
  if (layers !== undefined) {
    // An empty list removes every layer, and the member with them.
    if (layers.length === 0) delete next.Layers;
    else next.Layers = layers;
  }
  if (input.Runtime !== undefined) next.Runtime = input.Runtime;
  if (input.Role !== undefined) next.Role = input.Role;
  if (input.Handler !== undefined) next.Handler = input.Handler;
  if (input.Description !== undefined) next.Description = input.Description;
  if (input.Timeout !== undefined) next.Timeout = input.Timeout;
  if (input.MemorySize !== undefined) next.MemorySize = input.MemorySize;
  if (input.TracingConfig?.Mode !== undefined) next.TracingConfig = { Mode: input.TracingConfig.Mode };
  if (input.EphemeralStorage?.Size !== undefined) next.EphemeralStorage = { Size: input.EphemeralStorage.Size };
  if (input.Environment !== undefined) {
    const variables = input.Environment.Variables ?? {};
    // An empty variable map removes the Environment block, as Lambda does.
    if (Object.keys(variables).length === 0) delete next.Environment;
    else next.Environment = { Variables: { ...variables } };
  }
  if (input.LoggingConfig !== undefined) next.LoggingConfig = { ...current.LoggingConfig, ...input.LoggingConfig };
  return next;
}

/** The configuration after UpdateFunctionCode. */
export function applyCodeUpdate(current: FunctionConfiguration, code: CodeFacts, architectures: FunctionConfiguration['Architectures'], nowMs: number, revisionId: string): FunctionConfiguration {
  return {
    ...current,
    CodeSha256: code.codeSha256,
    CodeSize: code.codeSize,
    LastModified: formatLastModified(nowMs),
    RevisionId: revisionId,
    ...(architectures ? { Architectures: architectures } : {}),
  };
}

/**
 * The answer to a write. Lambda reports the change as still settling (Pending / InProgress) in the
 * write's own answer; the emulator settles at once, so later reads see Active / Successful.
 */
export function asWriteAnswer(configuration: FunctionConfiguration, kind: 'create' | 'update'): FunctionConfiguration {
  if (kind === 'create') {
    const { LastUpdateStatus: _status, ...rest } = configuration;
    return { ...rest, State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating' };
  }
  // Lambda really answers the reason code 'Creating' here, a value its own model's enum lacks.
  const reasonCode = 'Creating' as FunctionConfiguration['LastUpdateStatusReasonCode'];
  return { ...configuration, LastUpdateStatus: 'InProgress', LastUpdateStatusReason: 'The function is being created.', LastUpdateStatusReasonCode: reasonCode };
}
