import type { ExtendedS3DestinationDescription, ProcessorParameter } from '@aws-sdk/client-firehose';
import type { DesiredPipeline } from './desired.js';
import type { LivePipeline } from './live.js';

export type ResourceKind = 'bucket' | 'stream' | 'function' | 'deliveryStream';
export type ChangeAction = 'create' | 'update' | 'none';

export interface Change {
  resource: ResourceKind;
  name: string;
  action: ChangeAction;
  /** Human-readable reasons, one per differing setting. */
  details: string[];
  /** For updates: which in-place call applies it. */
  update?: { code?: boolean; configuration?: boolean; retentionHours?: number; shards?: number };
}

/** Pure: the changes that take `live` to `desired`, in dependency order. */
export function planChanges(desired: DesiredPipeline, live: LivePipeline): Change[] {
  return [planBucket(desired, live), planStream(desired, live), planFunction(desired, live), planDeliveryStream(desired, live)];
}

export function hasChanges(plan: Change[]): boolean {
  return plan.some((change) => change.action !== 'none');
}

function planBucket(desired: DesiredPipeline, live: LivePipeline): Change {
  const name = desired.bucket.name;
  return live.bucket ? { resource: 'bucket', name, action: 'none', details: [] } : { resource: 'bucket', name, action: 'create', details: [] };
}

function planStream(desired: DesiredPipeline, live: LivePipeline): Change {
  const { name, shards, retentionHours } = desired.stream;
  if (!live.stream) return { resource: 'stream', name, action: 'create', details: [`${shards} shard(s), ${retentionHours} h retention`] };
  const details: string[] = [];
  const update: Change['update'] = {};
  if (live.stream.shards !== shards) {
    details.push(`shards ${live.stream.shards} → ${shards}`);
    update.shards = shards;
  }
  if (live.stream.retentionHours !== retentionHours) {
    details.push(`retention ${live.stream.retentionHours} h → ${retentionHours} h`);
    update.retentionHours = retentionHours;
  }
  return { resource: 'stream', name, action: details.length > 0 ? 'update' : 'none', details, update };
}

function planFunction(desired: DesiredPipeline, live: LivePipeline): Change {
  const want = desired.transform;
  const have = live.transform;
  if (!have) return { resource: 'function', name: want.name, action: 'create', details: [`${want.runtime}, ${want.memoryMB} MB, ${want.timeoutSeconds} s`] };
  const details: string[] = [];
  const code = have.CodeSha256 !== want.sha256;
  if (code) details.push('code changed (CodeSha256 differs)');
  const configDetails: string[] = [];
  if (have.MemorySize !== want.memoryMB) configDetails.push(`memory ${have.MemorySize} → ${want.memoryMB} MB`);
  if (have.Timeout !== want.timeoutSeconds) configDetails.push(`timeout ${have.Timeout} → ${want.timeoutSeconds} s`);
  if (have.Handler !== want.handler) configDetails.push(`handler ${have.Handler} → ${want.handler}`);
  if (have.Runtime !== want.runtime) configDetails.push(`runtime ${have.Runtime} → ${want.runtime}`);
  if (!sameRecord(have.Environment?.Variables ?? {}, want.environment)) configDetails.push('environment changed');
  details.push(...configDetails);
  const action = details.length > 0 ? 'update' : 'none';
  return { resource: 'function', name: want.name, action, details, update: { code, configuration: configDetails.length > 0 } };
}

function planDeliveryStream(desired: DesiredPipeline, live: LivePipeline): Change {
  const { name, destination: want } = desired.deliveryStream;
  const description = live.deliveryStream;
  if (!description) return { resource: 'deliveryStream', name, action: 'create', details: [] };
  const have: ExtendedS3DestinationDescription | undefined = description.Destinations?.[0]?.ExtendedS3DestinationDescription;
  const details: string[] = [];
  const compare = (label: string, before: unknown, after: unknown): void => {
    if (JSON.stringify(before ?? null) !== JSON.stringify(after ?? null)) details.push(`${label}: ${JSON.stringify(before ?? null)} → ${JSON.stringify(after ?? null)}`);
  };
  compare('Prefix', have?.Prefix, want.Prefix);
  compare('ErrorOutputPrefix', have?.ErrorOutputPrefix, want.ErrorOutputPrefix);
  compare('BufferingHints', normaliseHints(have?.BufferingHints), normaliseHints(want.BufferingHints));
  compare('CompressionFormat', have?.CompressionFormat, want.CompressionFormat);
  compare('CustomTimeZone', have?.CustomTimeZone ?? 'UTC', want.CustomTimeZone ?? 'UTC');
  compare('S3BackupMode', have?.S3BackupMode ?? 'Disabled', want.S3BackupMode ?? 'Disabled');
  compare('S3BackupPrefix', have?.S3BackupDescription?.Prefix, want.S3BackupConfiguration?.Prefix);
  compare('Processors', processorParameters(have?.ProcessingConfiguration?.Processors), processorParameters(want.ProcessingConfiguration?.Processors));
  return { resource: 'deliveryStream', name, action: details.length > 0 ? 'update' : 'none', details };
}

function normaliseHints(hints: { SizeInMBs?: number; IntervalInSeconds?: number } | undefined) {
  return { SizeInMBs: hints?.SizeInMBs ?? 5, IntervalInSeconds: hints?.IntervalInSeconds ?? 300 };
}

function processorParameters(processors: { Type?: string; Parameters?: ProcessorParameter[] }[] | undefined) {
  return (processors ?? []).map((processor) => ({
    type: processor.Type,
    parameters: Object.fromEntries((processor.Parameters ?? []).map((p) => [p.ParameterName, p.ParameterValue]).sort()),
  }));
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

/** The plan as a user reads it: one line per resource, `+` create, `~` update, `=` unchanged. */
export function formatPlan(plan: Change[]): string {
  const symbol = { create: '+', update: '~', none: '=' } as const;
  const lines = plan.map((change) => {
    const head = `${symbol[change.action]} ${change.resource} ${change.name}`;
    return change.details.length > 0 ? `${head}\n${change.details.map((d) => `    ${d}`).join('\n')}` : head;
  });
  if (!hasChanges(plan)) lines.push('No changes: the pipeline matches hosepipe.yaml.');
  return lines.join('\n');
}
