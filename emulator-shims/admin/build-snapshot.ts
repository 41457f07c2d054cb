/** Assembles a PipelineSnapshot from what the view gathered. Pure apart from the sample history it records into. */
import type { DeliveryStreamInspection } from '../firehose/index.js';
import type { Scope } from '../shared/index.js';
import type { AccessLogFigures } from './access-log-lines.js';
import type { AgentFigures } from './agent-status.js';
import { isDenial, isThrottle, type CountedError } from './error-counters.js';
import { partitionOf } from './object-preview.js';
import type { PipelineFacts } from './pipeline-facts.js';
import type { SampleHistory } from './rates.js';
import type { PipelineSource } from './sources.js';
import type { BufferFill, Counter, FaultRuleView, LogLine, ObjectKind, ObjectPreview, PipelineSnapshot } from './types.js';

/** Open buffers listed at most (the fullest first); dynamic partitioning can hold 500. */
export const BUFFERS_SHOWN = 12;
const NOT_FOUND = /NotFound|NoSuch|^HTTP 404$/;

export interface GatheredObjects {
  kind: ObjectKind;
  bucket: string;
  fixedPrefix: string;
  recent: Array<{ key: string; records: number | null; bytes: number | null; writtenAtMs: number | null }>;
  newest: ObjectPreview | null;
}

export interface GatheredFacts {
  scope: Scope;
  inspection: DeliveryStreamInspection;
  facts: PipelineFacts;
  source: PipelineSource | undefined;
  agent: AgentFigures | { problem: string } | undefined;
  accessLog: AccessLogFigures | undefined;
  errors: CountedError[];
  faults: FaultRuleView[];
  logLines: LogLine[];
  objects: GatheredObjects[];
  clockNow: number;
  wallNow: number;
}

export function buildSnapshot(input: GatheredFacts, history: SampleHistory): PipelineSnapshot {
  const { scope, inspection, facts, source, clockNow } = input;
  const metric = (name: string): number => inspection.metrics[name] ?? 0;
  const agent = input.agent && !('problem' in input.agent) ? input.agent : undefined;
  const values: Record<string, number> = {
    incoming: metric('IncomingRecords'), streamRecords: metric('DataReadFromKinesisStream.Records'), streamBytes: metric('DataReadFromKinesisStream.Bytes'),
    delivered: metric('DeliveryToS3.Records'), deliveredBytes: metric('DeliveryToS3.Bytes'), backedUp: metric('BackupToS3.Records'),
    invocations: metric('_lambda.all'), transformed: metric('SucceedProcessing.Records'),
  };
  if (agent) Object.assign(values, { agentLines: agent.linesRead, agentRecords: agent.recordsSent, agentBytes: agent.bytesSent });
  if (input.accessLog) Object.assign(values, { nginxLines: input.accessLog.lines, nginxBytes: input.accessLog.bytes });
  const counters = history.record(input.wallNow, values);
  const counter = (name: string): Counter => counters[name] ?? { total: 0, perSecond: null };
  const optional = (name: string): Counter | null => counters[name] ?? null;

  // A lookup that finds nothing (provisioning checks before it creates) is not trouble in the pipeline.
  const scoped = input.errors.filter((error) => error.accountId === scope.accountId && (error.region === scope.region || error.service === 'iam') && !NOT_FOUND.test(error.code));
  const sum = (errors: CountedError[]): number => errors.reduce((total, error) => total + error.count, 0);
  const kinesisErrors = scoped.filter((error) => error.service === 'kinesis');
  const streamThrottles = sum(kinesisErrors.filter((error) => isThrottle(error.code, 0)));
  const denials = sum(scoped.filter((error) => isDenial(error.code) || (error.service === 's3' && error.code === 'HTTP 403')));
  const failedInvocations = metric('_lambda.all') - metric('_lambda.ok');
  const s3Retries = metric('_s3.all') - metric('_s3.ok') + (metric('_backup.all') - metric('_backup.ok'));
  const engine = inspection.engine;

  const buffers: BufferFill[] = (engine?.buffers ?? []).map((buffer) => ({
    kind: buffer.kind, partition: buffer.partition, records: buffer.records, bytes: buffer.bytes, sizeBytes: buffer.sizeBytes,
    fill: buffer.sizeBytes > 0 ? Math.min(1, buffer.bytes / buffer.sizeBytes) : 0,
    intervalMs: buffer.intervalMs, flushInMs: Math.max(0, buffer.openedAtMs + buffer.intervalMs - clockNow),
  }));
  // The Lambda's buffer first, then the fullest object buffers.
  buffers.sort((a, b) => Number(b.kind === 'lambda') - Number(a.kind === 'lambda') || b.fill - a.fill || a.flushInMs - b.flushInMs);

  const objectCount = (kind: ObjectKind): number => (kind === 'success' ? metric('DeliveryToS3.ObjectCount') : kind === 'error' ? metric('_errorObjects') : metric('_backupObjects'));
  return {
    clock: { now: new Date(clockNow).toISOString(), offsetMs: clockNow - input.wallNow },
    pipeline: { ...scope, name: inspection.stream.name, status: inspection.stream.status, source: inspection.stream.type, arn: inspection.stream.arn },
    names: { deliveryStream: inspection.stream.name, stream: facts.stream, function: facts.functionName, bucket: facts.bucket, backupBucket: facts.backupBucket, prefixes: facts.prefixes },
    nginx: {
      registered: source?.nginxUrl !== undefined || source?.accessLog !== undefined,
      url: source?.nginxUrl ?? null, accessLog: source?.accessLog ?? null, lines: optional('nginxLines'), bytes: optional('nginxBytes'),
    },
    agent: {
      registered: source?.agentStatusUrl !== undefined,
      statusUrl: source?.agentStatusUrl ?? null,
      problem: input.agent && 'problem' in input.agent ? input.agent.problem : null,
      linesRead: optional('agentLines'), records: optional('agentRecords'), bytes: optional('agentBytes'),
      bytesBehind: agent?.bytesBehind ?? null, recordsQueued: agent?.recordsQueued ?? null,
      throttles: agent?.throttles ?? null, retries: agent?.retries ?? null, failedRecords: agent?.failedRecords ?? null,
    },
    stream: {
      name: facts.stream, records: counter('streamRecords'), bytes: counter('streamBytes'),
      millisBehind: facts.stream ? metric('KinesisMillisBehindLatest') : null, throttles: streamThrottles, errors: sum(kinesisErrors),
    },
    firehose: {
      incoming: counter('incoming'), delivered: counter('delivered'), deliveredBytes: counter('deliveredBytes'), backedUp: counter('backedUp'),
      objects: metric('DeliveryToS3.ObjectCount'),
      buffers: buffers.slice(0, BUFFERS_SHOWN), buffersNotShown: Math.max(0, buffers.length - BUFFERS_SHOWN),
      s3Retries, failedRecords: metric('_failed'),
      dataFreshnessSeconds: 'DeliveryToS3.DataFreshness' in inspection.metrics ? metric('DeliveryToS3.DataFreshness') : null,
      lastError: engine?.lastError ?? null,
    },
    function: {
      name: facts.functionName, invocations: counter('invocations'), failedInvocations, records: counter('transformed'),
      failedRecords: metric('_failed'), droppedRecords: metric('_dropped'),
      averageDurationMs: metric('_lambda.all') > 0 ? metric('ExecuteProcessing.Duration') / metric('_lambda.all') : null,
      logGroup: facts.logGroup, logs: input.logLines,
    },
    bucket: { name: facts.bucket, objects: { success: objectCount('success'), error: objectCount('error'), backup: objectCount('backup') } },
    errors: {
      // Throttled answers the endpoint gave in this scope; the agent's own count (per record too) is in its stage.
      throttles: sum(scoped.filter((error) => isThrottle(error.code, 0))),
      failedInvocations, s3Retries, iamDenials: denials,
      byCode: scoped.map(({ service, operation, code, count }) => ({ service, operation, code, count }))
        .sort((a, b) => b.count - a.count).slice(0, 20),
    },
    objects: input.objects.map((objects) => ({
      kind: objects.kind, bucket: objects.bucket, prefix: objects.kind === 'success' ? facts.prefixes.success : objects.kind === 'error' ? facts.prefixes.error : (facts.prefixes.backup ?? ''),
      written: objectCount(objects.kind),
      recent: objects.recent.map((object) => ({
        key: object.key, partition: partitionOf(object.key, objects.fixedPrefix), records: object.records, bytes: object.bytes,
        writtenAt: object.writtenAtMs === null ? null : new Date(object.writtenAtMs).toISOString(),
      })),
      newest: objects.newest,
    })),
    faults: input.faults.map((rule) => ({ ...rule })),
  };
}
