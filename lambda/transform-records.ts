import { decodeBase64Transient, encodeLineBase64 } from './base64.js';
import type { TransformConfig } from './environment.js';
import { partitionKeys } from './partition-keys.js';
import type { FirehoseTransformationEventRecord, FirehoseTransformationResultRecord } from './types.js';

/** A record that came back ProcessingFailed, and why; Firehose itself keeps no reason. */
export interface RecordFailure {
  recordId: string;
  reason: string;
}

const transformRecord = (
  config: TransformConfig,
  record: FirehoseTransformationEventRecord,
  failures: RecordFailure[],
): FirehoseTransformationResultRecord => {
  const line = decodeBase64Transient(record.data);
  const data = config.writer?.write(line);
  if (data !== undefined && config.writer !== undefined) {
    if (config.dropRules.length > 0 && config.shouldDrop(config.writer.fieldValues(config.dropRuleFields))) {
      return { recordId: record.recordId, result: 'Dropped', data: record.data };
    }
    const keys = partitionKeys(config.writer.eventTimeMs() ?? record.approximateArrivalTimestamp, config.timeZone);
    return { recordId: record.recordId, result: 'Ok', data, metadata: { partitionKeys: keys } };
  }
  // Lines the shortcut declines (escapes, other escape modes, lines that do not match) take the full parser.
  const parsed = config.parser.parse(line);
  if (!parsed.ok) {
    failures.push({ recordId: record.recordId, reason: parsed.reason });
    return { recordId: record.recordId, result: 'ProcessingFailed', data: record.data };
  }
  if (config.shouldDrop(parsed.fields)) return { recordId: record.recordId, result: 'Dropped', data: record.data };
  // A format without a time variable falls back to when the record reached Kinesis.
  const keys = partitionKeys(parsed.eventTimeMs ?? record.approximateArrivalTimestamp, config.timeZone);
  return {
    recordId: record.recordId,
    result: 'Ok',
    data: encodeLineBase64(JSON.stringify(parsed.fields)),
    metadata: { partitionKeys: keys },
  };
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
      return { recordId: record.recordId, result: 'ProcessingFailed' as const, data: record.data };
    }
  });
  return { records: results, failures };
}
