import type { ExtendedS3DestinationDescription, ProcessorParameter } from '@aws-sdk/client-firehose';
import type { DesiredPipeline } from './desired.js';
import type { LivePipeline } from './live.js';
import type { Change } from './change.js';
import { planLayers, plannedLayerArns, shortLayer } from './plan-layers.js';

export type { Change, ChangeAction, ResourceKind } from './change.js';

/** Pure: the changes that take `live` to `desired`, in dependency order; roles only where IAM is managed. */
export function planChanges(desired: DesiredPipeline, live: LivePipeline, options: { manageIam?: boolean } = {}): Change[] {
  const layers = planLayers(desired, live);
  return [
    planBucket(desired, live),
    ...desired.logGroups.map((group) => planLogGroup(group, live)),
    ...(options.manageIam === false ? [] : desired.roles.map((role) => planRole(role, live))),
    planStream(desired, live),
    ...layers,
    planFunction(desired, live, plannedLayerArns(desired, layers)),
    planDeliveryStream(desired, live),
  ];
}

export function hasChanges(plan: Change[]): boolean {
  return plan.some((change) => change.action !== 'none');
}

function planBucket(desired: DesiredPipeline, live: LivePipeline): Change {
  const want = desired.bucket;
  const have = live.bucket;
  if (!have) return { resource: 'bucket', name: want.name, action: 'create', details: [`${want.encryption.algorithm === 'AES256' ? 'SSE-S3' : 'SSE-KMS'}, public access blocked, BucketOwnerEnforced, TLS-only policy`] };
  const settings: NonNullable<Change['update']>['bucketSettings'] = [];
  const details: string[] = [];
  if (have.encryption?.algorithm !== want.encryption.algorithm || (have.encryption?.kmsKeyArn ?? null) !== want.encryption.kmsKeyArn) {
    settings.push('encryption');
    details.push(`encryption ${have.encryption?.algorithm ?? 'none'} → ${want.encryption.algorithm}`);
  }
  if (!have.publicAccessBlocked) {
    settings.push('publicAccessBlock');
    details.push('public access block → all four settings on');
  }
  if (have.ownership !== 'BucketOwnerEnforced') {
    settings.push('ownership');
    details.push(`object ownership ${have.ownership ?? 'unset'} → BucketOwnerEnforced`);
  }
  if (canonical(have.policy) !== canonical(want.policy)) {
    settings.push('policy');
    details.push('bucket policy → TLS-only');
  }
  if (canonical(sortedRules(have.lifecycle)) !== canonical(sortedRules(want.lifecycle))) {
    settings.push('lifecycle');
    details.push(`lifecycle ${JSON.stringify(have.lifecycle)} → ${JSON.stringify(want.lifecycle)}`);
  }
  return { resource: 'bucket', name: want.name, action: settings.length > 0 ? 'update' : 'none', details, update: { bucketSettings: settings } };
}

function planLogGroup(group: DesiredPipeline['logGroups'][number], live: LivePipeline): Change {
  const have = live.logGroups?.find((candidate) => candidate.name === group.name);
  if (!have) return { resource: 'logGroup', name: group.name, action: 'create', details: [`retention ${group.retentionDays} days`] };
  if (have.retentionDays === group.retentionDays) return { resource: 'logGroup', name: group.name, action: 'none', details: [] };
  return { resource: 'logGroup', name: group.name, action: 'update', details: [`retention ${have.retentionDays ?? 'never expire'} → ${group.retentionDays} days`], update: { retentionDays: true } };
}

function planRole(role: DesiredPipeline['roles'][number], live: LivePipeline): Change {
  const have = live.roles?.find((candidate) => candidate.name === role.name);
  if (!have) return { resource: 'role', name: role.name, action: 'create', details: [`inline policy ${role.policyName}: ${role.policy.Statement.map((s) => s.Sid ?? s.Action).join(', ')}`] };
  const trust = canonical(have.trust) !== canonical(role.trust);
  const policy = canonical(have.policy) !== canonical(role.policy);
  const details = [...(trust ? ['trust policy changed'] : []), ...(policy ? [`inline policy ${role.policyName} changed`] : [])];
  return { resource: 'role', name: role.name, action: details.length > 0 ? 'update' : 'none', details, update: { trust, policy } };
}

function planStream(desired: DesiredPipeline, live: LivePipeline): Change {
  const { name, shards, retentionHours, mode, encryption } = desired.stream;
  if (!live.stream) return { resource: 'stream', name, action: 'create', details: [`${mode === 'ON_DEMAND' ? 'on-demand' : `${shards} shard(s)`}, ${retentionHours} h retention${encryption ? ', encrypted' : ''}`] };
  const details: string[] = [];
  const update: Change['update'] = {};
  if ((live.stream.mode ?? 'PROVISIONED') !== mode) {
    details.push(`mode ${live.stream.mode} → ${mode}`);
    update.mode = true;
  }
  if (mode === 'PROVISIONED' && live.stream.shards !== shards) {
    details.push(`shards ${live.stream.shards} → ${shards}`);
    update.shards = shards;
  }
  if (live.stream.retentionHours !== retentionHours) {
    details.push(`retention ${live.stream.retentionHours} h → ${retentionHours} h`);
    update.retentionHours = retentionHours;
  }
  if (Boolean(live.stream.encryption) !== encryption) {
    details.push(`encryption ${live.stream.encryption ? 'on' : 'off'} → ${encryption ? 'on' : 'off'}`);
    update.encryption = true;
  }
  return { resource: 'stream', name, action: details.length > 0 ? 'update' : 'none', details, update };
}

function planFunction(desired: DesiredPipeline, live: LivePipeline, layers: string[]): Change {
  const want = desired.transform;
  const have = live.transform;
  const layerList = (arns: string[]) => (arns.length === 0 ? '(none)' : arns.map(shortLayer).join(', '));
  if (!have) {
    return {
      resource: 'function',
      name: want.name,
      action: 'create',
      details: [
        `${want.runtime} ${want.architecture}, handler ${want.handler}, ${want.memoryMB} MB, ${want.timeoutSeconds} s`,
        `code CodeSha256 ${want.sha256} (${want.zip.length} bytes)`,
        ...(layers.length > 0 ? [`layers ${layerList(layers)}`] : []),
      ],
    };
  }
  const details: string[] = [];
  const code = have.CodeSha256 !== want.sha256;
  if (code) details.push(`code changed (CodeSha256 ${have.CodeSha256} → ${want.sha256})`);
  const configDetails: string[] = [];
  if (have.MemorySize !== want.memoryMB) configDetails.push(`memory ${have.MemorySize} → ${want.memoryMB} MB`);
  if (have.Timeout !== want.timeoutSeconds) configDetails.push(`timeout ${have.Timeout} → ${want.timeoutSeconds} s`);
  if (have.Handler !== want.handler) configDetails.push(`handler ${have.Handler} → ${want.handler}`);
  if (have.Runtime !== want.runtime) configDetails.push(`runtime ${have.Runtime} → ${want.runtime}`);
  if (!sameRecord(have.Environment?.Variables ?? {}, want.environment)) configDetails.push('environment changed');
  const haveLayers = (have.Layers ?? []).map((layer) => layer.Arn ?? '');
  if (haveLayers.join('\n') !== layers.join('\n')) configDetails.push(`layers ${layerList(haveLayers)} → ${layerList(layers)}`);
  details.push(...configDetails);
  // The architecture is part of the code, not the configuration: UpdateFunctionCode carries it.
  const architecture = (have.Architectures?.[0] ?? 'x86_64') !== want.architecture;
  if (architecture) details.push(`architecture ${have.Architectures?.[0] ?? 'x86_64'} → ${want.architecture}`);
  const action = details.length > 0 ? 'update' : 'none';
  return { resource: 'function', name: want.name, action, details, update: { code: code || architecture, configuration: configDetails.length > 0 } };
}

function planDeliveryStream(desired: DesiredPipeline, live: LivePipeline): Change {
  const { name, destination: want } = desired.deliveryStream;
  const description = live.deliveryStream;
  if (!description) return { resource: 'deliveryStream', name, action: 'create', details: [] };
  const have: ExtendedS3DestinationDescription | undefined = description.Destinations?.[0]?.ExtendedS3DestinationDescription;
  const details: string[] = [];
  const compare = (label: string, before: unknown, after: unknown): void => {
    if (canonical(before ?? null) !== canonical(after ?? null)) details.push(`${label}: ${JSON.stringify(before ?? null)} → ${JSON.stringify(after ?? null)}`);
  };
  compare('Prefix', have?.Prefix, want.Prefix);
  compare('ErrorOutputPrefix', have?.ErrorOutputPrefix, want.ErrorOutputPrefix);
  compare('BufferingHints', normaliseHints(have?.BufferingHints), normaliseHints(want.BufferingHints));
  compare('CompressionFormat', have?.CompressionFormat, want.CompressionFormat);
  compare('CustomTimeZone', have?.CustomTimeZone || 'UTC', want.CustomTimeZone || 'UTC');
  compare('S3BackupMode', have?.S3BackupMode ?? 'Disabled', want.S3BackupMode ?? 'Disabled');
  compare('S3BackupPrefix', have?.S3BackupDescription?.Prefix, want.S3BackupConfiguration?.Prefix);
  compare('Processors', processorParameters(have?.ProcessingConfiguration?.Processors), processorParameters(want.ProcessingConfiguration?.Processors));
  compare('CloudWatchLogging', logging(have?.CloudWatchLoggingOptions), logging(want.CloudWatchLoggingOptions));
  compare('Encryption', have?.EncryptionConfiguration?.KMSEncryptionConfig?.AWSKMSKeyARN ?? null, want.EncryptionConfiguration?.KMSEncryptionConfig?.AWSKMSKeyARN ?? null);
  const sourceArn = description.Source?.KinesisStreamSourceDescription?.KinesisStreamARN;
  const partitioning = Boolean(have?.DynamicPartitioningConfiguration?.Enabled) !== Boolean(want.DynamicPartitioningConfiguration?.Enabled);
  const replaceReasons = [
    ...(sourceArn !== desired.names.streamArn ? [`source stream ${sourceArn ?? 'DirectPut'} → ${desired.names.streamArn} (the source is fixed at creation)`] : []),
    ...(partitioning ? ['dynamic partitioning can only be set when the delivery stream is created'] : []),
  ];
  if (replaceReasons.length > 0) return { resource: 'deliveryStream', name, action: 'replace', details: [...replaceReasons, ...details] };
  return { resource: 'deliveryStream', name, action: details.length > 0 ? 'update' : 'none', details };
}

function normaliseHints(hints: { SizeInMBs?: number; IntervalInSeconds?: number } | undefined) {
  return { SizeInMBs: hints?.SizeInMBs ?? 5, IntervalInSeconds: hints?.IntervalInSeconds ?? 300 };
}

function logging(options: { Enabled?: boolean; LogGroupName?: string; LogStreamName?: string } | undefined) {
  return options?.Enabled ? { group: options.LogGroupName, stream: options.LogStreamName } : { enabled: false };
}

function processorParameters(processors: { Type?: string; Parameters?: ProcessorParameter[] }[] | undefined) {
  return (processors ?? []).map((processor) => ({
    type: processor.Type,
    parameters: Object.fromEntries((processor.Parameters ?? []).map((p) => [p.ParameterName, p.ParameterValue]).sort()),
  }));
}

function sortedRules(rules: { prefix: string; expireDays: number }[]) {
  return [...rules].sort((a, b) => a.prefix.localeCompare(b.prefix));
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

/** JSON with sorted keys, so documents that differ only in key order compare equal. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

/** The plan as a user reads it: one line per resource, `+` create, `~` update, `!` replace, `=` unchanged. */
export function formatPlan(plan: Change[]): string {
  const symbol = { create: '+', update: '~', replace: '!', none: '=' } as const;
  const lines = plan.map((change) => {
    const head = `${symbol[change.action]} ${change.resource} ${change.name}${change.action === 'replace' ? ' (forces replacement: destroy, then deploy)' : ''}`;
    return change.details.length > 0 ? `${head}\n${change.details.map((d) => `    ${d}`).join('\n')}` : head;
  });
  if (!hasChanges(plan)) lines.push('No changes: the pipeline matches hosepipe.yaml.');
  return lines.join('\n');
}
