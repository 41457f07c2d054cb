import { decodeBase64Transient, encodeLineBase64, outputScratch } from './base64.js';
import type { TransformConfig } from './environment.js';
import { partitionKeys, type PartitionKeys } from './partition-keys.js';
import type { FirehoseTransformationEventRecord, FirehoseTransformationResultRecord } from './types.js';

/** A record that came back ProcessingFailed, and why; Firehose itself keeps no reason. */
export interface RecordFailure {
  recordId: string;
  reason: string;
}

type Metadata = NonNullable<FirehoseTransformationResultRecord['metadata']>;
// Records of one hour share one frozen metadata object: fewer objects for the collector to move.
const metadataByKeys = new WeakMap<Readonly<PartitionKeys>, Metadata>();
const metadataFor = (keys: Readonly<PartitionKeys>): Metadata => {
  let metadata = metadataByKeys.get(keys);
  if (metadata === undefined) {
    metadata = Object.freeze({ partitionKeys: keys }) as Metadata;
    metadataByKeys.set(keys, metadata);
  }
  return metadata;
};

const passThrough = (record: FirehoseTransformationEventRecord, result: 'Dropped' | 'ProcessingFailed'): FirehoseTransformationResultRecord => ({
  recordId: record.recordId,
  result,
  data: record.data,
});

const ok = (config: TransformConfig, record: FirehoseTransformationEventRecord, data: string, eventTimeMs: number | undefined): FirehoseTransformationResultRecord => {
  // A format without a time variable falls back to when the record reached Kinesis.
  const keys = partitionKeys(eventTimeMs ?? record.approximateArrivalTimestamp, config.timeZone);
  return { recordId: record.recordId, result: 'Ok', data, metadata: metadataFor(keys) };
};

const transformRecord = (config: TransformConfig, record: FirehoseTransformationEventRecord, failures: RecordFailure[]): FirehoseTransformationResultRecord => {
  const line = decodeBase64Transient(record.data);
  const { writer } = config;
  if (writer !== undefined) {
    const out = outputScratch(writer.maxBytes(line.length));
    const end = writer.write(line, out, 0);
    if (end >= 0) {
      if (config.dropRules.length > 0 && config.shouldDrop(writer.fieldValues(config.dropRuleFields))) return passThrough(record, 'Dropped');
      return ok(config, record, out.toString('base64', 0, end), writer.eventTimeMs());
    }
  }
  // Lines the shortcut declines (escapes, other escape modes, lines that do not match) take the full parser.
  const parsed = config.parser.parse(line);
  if (!parsed.ok) {
    failures.push({ recordId: record.recordId, reason: parsed.reason });
    return passThrough(record, 'ProcessingFailed');
  }
  if (config.shouldDrop(parsed.fields)) return passThrough(record, 'Dropped');
  return ok(config, record, encodeLineBase64(JSON.stringify(parsed.fields)), parsed.eventTimeMs);
};

/**
 * Transforms each Firehose record (one access-log line) into one JSON line, in order, one output
 * per input. A record that throws fails alone instead of failing the whole batch.
 */
export function transformRecords(
  config: TransformConfig,
  records: readonly FirehoseTransformationEventRecord[],
): { records: FirehoseTransformationResultRecord[]; failures: RecordFailure[] } {
  const failures: RecordFailure[] = [];
  const results = records.map((record) => {
    try {
      return transformRecord(config, record, failures);
    } catch (error) {
      failures.push({ recordId: record.recordId, reason: `unexpected error: ${(error as Error).message}` });
      return passThrough(record, 'ProcessingFailed');
    }
  });
  return { records: results, failures };
}
