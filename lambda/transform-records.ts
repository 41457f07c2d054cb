import { decodeBase64Shared, inputScratch, outputScratch, writeLineUtf8 } from './base64.js';
import { createBase64Texts } from './base64-texts.js';
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
let lastKeys: Readonly<PartitionKeys> | undefined;
let lastMetadata: Metadata | undefined;
const metadataFor = (keys: Readonly<PartitionKeys>): Metadata => {
  if (keys === lastKeys && lastMetadata !== undefined) return lastMetadata;
  let metadata = metadataByKeys.get(keys);
  if (metadata === undefined) {
    metadata = Object.freeze({ partitionKeys: keys }) as Metadata;
    metadataByKeys.set(keys, metadata);
  }
  lastKeys = keys;
  lastMetadata = metadata;
  return metadata;
};

// Shared by every invocation, like the scratch buffers in base64.ts: one invocation runs at a time.
const texts = createBase64Texts();

/** What became of one record: delivered with these partition keys (its text in `texts`), dropped, or failed. */
type Outcome = Metadata | 'Dropped' | 'ProcessingFailed';

const ok = (config: TransformConfig, record: FirehoseTransformationEventRecord, eventTimeMs: number | undefined): Metadata =>
  // A format without a time variable falls back to when the record reached Kinesis.
  metadataFor(partitionKeys(eventTimeMs ?? record.approximateArrivalTimestamp, config.timeZone));

// Returns the outcome; an Ok record's text end goes into textEnds[index].
const transformRecord = (config: TransformConfig, record: FirehoseTransformationEventRecord, failures: RecordFailure[], textEnds: Int32Array, index: number): Outcome => {
  const length = decodeBase64Shared(record.data);
  const line = inputScratch();
  const { writer } = config;
  if (writer !== undefined) {
    // Written straight after the texts so far; a line that is declined or dropped is never committed.
    const out = texts.reserve(writer.maxBytes(length));
    const at = texts.appendAt();
    const end = writer.write(line, length, out, at);
    if (end >= 0) {
      if (config.dropRules.length > 0 && config.shouldDrop(writer.fieldValues(config.dropRuleFields))) return 'Dropped';
      const metadata = ok(config, record, writer.eventTimeMs());
      textEnds[index] = texts.commit(end - at);
      return metadata;
    }
  }
  // Lines the shortcut declines (other escape modes, lines that do not match) take the full parser.
  const parsed = config.parser.parse(line.subarray(0, length));
  if (!parsed.ok) {
    failures.push({ recordId: record.recordId, reason: parsed.reason });
    return 'ProcessingFailed';
  }
  if (config.shouldDrop(parsed.fields)) return 'Dropped';
  const metadata = ok(config, record, parsed.eventTimeMs);
  const jsonLength = writeLineUtf8(JSON.stringify(parsed.fields));
  textEnds[index] = texts.append(outputScratch(0), 0, jsonLength);
  return metadata;
};

// The two passes are separate functions so that each is optimised on its own feedback: compiled
// together, the second loop had none yet when the first one was hot, and every run deoptimised.
const transformAll = (config: TransformConfig, records: readonly FirehoseTransformationEventRecord[], failures: RecordFailure[], outcomes: Outcome[], textEnds: Int32Array): void => {
  for (let i = 0; i < records.length; i += 1) {
    const record = records[i] as FirehoseTransformationEventRecord;
    try {
      outcomes[i] = transformRecord(config, record, failures, textEnds, i);
    } catch (error) {
      failures.push({ recordId: record.recordId, reason: `unexpected error: ${(error as Error).message}` });
      outcomes[i] = 'ProcessingFailed';
    }
  }
};

// Ok records' data are slices of strings read from `texts` many records at a time. For a batch of
// usual size those strings are ~32 KB young objects that die young. A large batch's texts would be
// copied and promoted by the collector, so they become one string, which Node makes an external one
// outside V8's heap. (Measured both ways: 32 KB strings were slower for a 6 MB event, and one
// string slower for a 1 MB event in a Lambda instance, where each was a fresh large allocation.)
const SMALL_STRING_CHARS = 32 * 1024;
const ONE_STRING_ABOVE_CHARS = 4 * 1024 * 1024;

const collectResults = (records: readonly FirehoseTransformationEventRecord[], outcomes: readonly Outcome[], textEnds: Int32Array, totalChars: number): FirehoseTransformationResultRecord[] => {
  const chunkChars = totalChars > ONE_STRING_ABOVE_CHARS ? totalChars : SMALL_STRING_CHARS;
  const results: FirehoseTransformationResultRecord[] = new Array(records.length);
  let textStart = 0;
  let chunk = '';
  let chunkStart = 0;
  let chunkEnd = 0;
  for (let i = 0; i < records.length; i += 1) {
    const record = records[i] as FirehoseTransformationEventRecord;
    const outcome = outcomes[i] as Outcome;
    if (typeof outcome === 'string') {
      results[i] = { recordId: record.recordId, result: outcome, data: record.data };
      continue;
    }
    const textEnd = textEnds[i] as number;
    if (textEnd > chunkEnd) {
      // The next string runs from this record's text to the last text that keeps it within chunkChars.
      chunkStart = textStart;
      chunkEnd = textEnd;
      for (let j = i + 1; j < records.length; j += 1) {
        if (typeof outcomes[j] === 'string') continue;
        if ((textEnds[j] as number) - chunkStart > chunkChars) break;
        chunkEnd = textEnds[j] as number;
      }
      chunk = texts.read(chunkStart, chunkEnd);
    }
    results[i] = { recordId: record.recordId, result: 'Ok', data: chunk.slice(textStart - chunkStart, textEnd - chunkStart), metadata: outcome };
    textStart = textEnd;
  }
  return results;
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
  const outcomes: Outcome[] = new Array(records.length);
  const textEnds = new Int32Array(records.length);
  texts.reset();
  transformAll(config, records, failures, outcomes, textEnds);
  return { records: collectResults(records, outcomes, textEnds, texts.length()), failures };
}
