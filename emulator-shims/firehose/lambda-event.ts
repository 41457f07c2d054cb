/** The event Firehose sends its transformation Lambda (reference §4.1). Pure. */

import { encodeBase64Into } from '../shared/base64-bytes.js';
import { lambdaRecordId, lambdaRecordIdLength, PLAIN_JSON_TEXT, writeLambdaRecordId } from './record-id.js';

export interface KinesisRecordMetadata {
  shardId: string;
  partitionKey: string;
  approximateArrivalTimestamp: number;
  sequenceNumber: string;
  subsequenceNumber: number;
}

export interface LambdaEventRecord {
  recordId: string;
  approximateArrivalTimestamp: number;
  data: string;
  kinesisRecordMetadata?: KinesisRecordMetadata;
}

export interface FirehoseLambdaEvent {
  invocationId: string;
  sourceKinesisStreamArn?: string;
  deliveryStreamArn: string;
  region: string;
  records: LambdaEventRecord[];
}

/**
 * A record as an event is made from it. Its recordId is lambdaRecordId(idBase, subIndex). A Kinesis-source record
 * carries its shard and partition key; its kinesisRecordMetadata is those, idBase as its sequence number, arrivalMs as
 * its arrival and subsequenceNumber. Members, not a metadata object and an id string: a record waiting for the Lambda
 * kept three objects where it now keeps one (see LambdaRecordIds in lambda-response.ts).
 */
export interface EventRecordInput {
  idBase: string;
  subIndex: number;
  arrivalMs: number;
  data: Buffer;
  /** Kinesis source only; undefined for DirectPut. */
  shardId?: string | undefined;
  partitionKey?: string | undefined;
  subsequenceNumber?: number;
}

/** Pure: the length of the padded base64 text of `bytes` bytes. */
export const base64Length = (bytes: number): number => Math.ceil(bytes / 3) * 4;

/** Builds the event; DirectPut records carry no kinesisRecordMetadata and there is no sourceKinesisStreamArn. */
export function buildLambdaEvent(input: {
  invocationId: string;
  deliveryStreamArn: string;
  region: string;
  sourceKinesisStreamArn?: string;
  records: EventRecordInput[];
}): FirehoseLambdaEvent {
  const event: FirehoseLambdaEvent = { invocationId: input.invocationId, deliveryStreamArn: input.deliveryStreamArn, region: input.region, records: [] };
  if (input.sourceKinesisStreamArn) {
    // Key order as in captured Kinesis-source events.
    return {
      invocationId: input.invocationId,
      sourceKinesisStreamArn: input.sourceKinesisStreamArn,
      deliveryStreamArn: input.deliveryStreamArn,
      region: input.region,
      records: input.records.map(toEventRecord),
    };
  }
  event.records = input.records.map(toEventRecord);
  return event;
}

function toEventRecord(record: EventRecordInput): LambdaEventRecord {
  const eventRecord: LambdaEventRecord = {
    recordId: lambdaRecordId(record.idBase, record.subIndex),
    approximateArrivalTimestamp: Math.trunc(record.arrivalMs),
    data: record.data.toString('base64'),
  };
  const metadata = kinesisMetadataOf(record);
  if (metadata) eventRecord.kinesisRecordMetadata = metadata;
  return eventRecord;
}

/** A Kinesis-source record's kinesisRecordMetadata, in the key order of captured events; undefined for DirectPut. */
function kinesisMetadataOf(record: EventRecordInput): KinesisRecordMetadata | undefined {
  if (record.shardId === undefined) return undefined;
  return {
    shardId: record.shardId,
    partitionKey: record.partitionKey ?? '',
    approximateArrivalTimestamp: record.arrivalMs,
    sequenceNumber: record.idBase,
    subsequenceNumber: record.subsequenceNumber ?? 0,
  };
}

/** A string as JSON.stringify writes it: between quotes as it is when nothing in it needs escaping. */
const jsonString = (text: string): string => (PLAIN_JSON_TEXT.test(text) ? `"${text}"` : JSON.stringify(text));

/**
 * `,"kinesisRecordMetadata":{…}` exactly as JSON.stringify writes buildLambdaEvent's metadata object (its
 * keys in that order), from a template: JSON.stringify of the object took about twice as long per record.
 */
function metadataJson(metadata: KinesisRecordMetadata): string {
  return `,"kinesisRecordMetadata":{"shardId":${jsonString(metadata.shardId)},"partitionKey":${jsonString(metadata.partitionKey)},"approximateArrivalTimestamp":${JSON.stringify(metadata.approximateArrivalTimestamp)},"sequenceNumber":${jsonString(metadata.sequenceNumber)},"subsequenceNumber":${JSON.stringify(metadata.subsequenceNumber)}}`;
}


/**
 * The event as JSON bytes: exactly `JSON.stringify(buildLambdaEvent(input))`, written piece by piece into
 * one buffer, so no event object and no event-sized string is ever built. A record is written in parts: its
 * text up to the data, its data's base64 and what follows, with no text made for the record unless a value
 * needs escaping (those ids and metadata go through JSON.stringify). `allocate` gives the buffer to write
 * into (it may be longer); the answer is a view of the bytes written. With `textAt`, record i's base64 is
 * found at `textAt[i]` in that view.
 */
export function serializeLambdaEvent(
  input: {
    invocationId: string;
    deliveryStreamArn: string;
    region: string;
    sourceKinesisStreamArn?: string;
    records: EventRecordInput[];
  },
  allocate: (length: number) => Buffer = Buffer.allocUnsafe,
  textAt?: number[],
): Buffer {
  const source = input.sourceKinesisStreamArn ? `"sourceKinesisStreamArn":${JSON.stringify(input.sourceKinesisStreamArn)},` : '';
  const head = `{"invocationId":${JSON.stringify(input.invocationId)},${source}"deliveryStreamArn":${JSON.stringify(input.deliveryStreamArn)},"region":${JSON.stringify(input.region)},"records":[`;
  const { records } = input;
  // By record index, what its text needs (RECORD_* bits): no string is kept per record. Strings for a whole batch,
  // alive from the pass that measures the event to the pass that writes it, were copied by the collections of the
  // young generation that the batch itself caused, and promoted to the old one.
  const shapes = new Uint8Array(records.length);
  let length = Buffer.byteLength(head) + 2;
  // Records in a row mostly share their arrival (a put's records), shard and subsequence number: the bytes of the
  // constant text around them are made once for a run of records, in both passes.
  const afterIdText = lastText(afterId);
  const shardOpening = lastText(metadataShardOpening);
  const arrivalText = lastText(metadataArrivalText);
  const subsequenceClosing = lastText(metadataSubsequenceClosing);
  for (let index = 0; index < records.length; index += 1) {
    const record = records[index]!;
    let shape = 0;
    let opening: number;
    const plainId = PLAIN_JSON_TEXT.test(record.idBase);
    if (plainId) {
      opening = ID_OPENING.length + lambdaRecordIdLength(record.idBase, record.subIndex) + afterIdText(Math.trunc(record.arrivalMs)).length;
    } else {
      shape |= RECORD_ESCAPED_ID;
      opening = Buffer.byteLength(escapedOpening(record));
    }
    length += (index === 0 ? 0 : 1) + opening + Math.ceil(record.data.length / 3) * 4 + 2;
    const shardId = record.shardId;
    if (shardId !== undefined) {
      // The usual record's metadata is measured from its parts, then written from one template in the second pass.
      const partitionKey = record.partitionKey ?? '';
      if (plainId && PLAIN_JSON_TEXT.test(partitionKey)) {
        shape |= RECORD_PLAIN_METADATA;
        length += shardOpening(shardId).length + partitionKey.length + arrivalText(record.arrivalMs).length
          + record.idBase.length + subsequenceClosing(record.subsequenceNumber ?? 0).length - 2;
      } else {
        shape |= RECORD_ESCAPED_METADATA;
        length += Buffer.byteLength(escapedClosing(kinesisMetadataOf(record)!)) - 2;
      }
    }
    shapes[index] = shape;
  }
  const bytes = allocate(length);
  let at = bytes.write(head, 0);
  for (let index = 0; index < records.length; index += 1) {
    const record = records[index]!;
    const shape = shapes[index]!;
    if (index > 0) bytes[at++] = 0x2c;
    // A write call costs more than the bytes it copies: the constant opening is copied byte by byte, then the id,
    // the text after it (the bytes of one text for a run of records that arrived together), the data's base64
    // (encoded in place, no string of it), and what follows.
    if (shape & RECORD_ESCAPED_ID) at += bytes.write(escapedOpening(record), at, 'utf8');
    else {
      for (let byte = 0; byte < ID_OPENING.length; byte += 1) bytes[at++] = ID_OPENING[byte]!;
      at = writeLambdaRecordId(record.idBase, record.subIndex, bytes, at);
      at = copyInto(afterIdText(Math.trunc(record.arrivalMs)), bytes, at);
    }
    if (textAt !== undefined) textAt[index] = at;
    at = encodeBase64Into(record.data, bytes, at);
    if (shape & RECORD_PLAIN_METADATA) {
      // The constant parts copied from their bytes (made once for a run of records), the partition key (an agent's
      // is 16 or 32 characters) a character at a time and the 56-digit sequence number with one write: a string of
      // the whole text per record, joined from nine parts, was most of what this function allocated. A Kinesis
      // event of 2,600 records: 706-711 against 810-813 ns a record (2026-12-07, the endpoint's node flags).
      at = copyInto(shardOpening(record.shardId!), bytes, at);
      at = writeAscii(record.partitionKey ?? '', bytes, at);
      at = copyInto(arrivalText(record.arrivalMs), bytes, at);
      at += bytes.write(record.idBase, at, 'latin1');
      at = copyInto(subsequenceClosing(record.subsequenceNumber ?? 0), bytes, at);
    } else if (shape & RECORD_ESCAPED_METADATA) {
      at += bytes.write(escapedClosing(kinesisMetadataOf(record)!), at, 'utf8');
    } else {
      bytes[at++] = 0x22;
      bytes[at++] = 0x7d;
    }
  }
  bytes[at++] = 0x5d;
  bytes[at++] = 0x7d;
  return bytes.subarray(0, at);
}

/** Bits of a record's shape in serializeLambdaEvent. */
const RECORD_ESCAPED_ID = 1;
const RECORD_PLAIN_METADATA = 2;
const RECORD_ESCAPED_METADATA = 4;

/** The metadata's text from the end of the data to the partition key's value, as bytes (a shard id may not be ASCII). */
const metadataShardOpening = (shardId: string): Buffer => Buffer.from(`","kinesisRecordMetadata":{"shardId":${jsonString(shardId)},"partitionKey":"`, 'utf8');
/** The metadata's text from the end of the partition key's value to the sequence number's. */
const metadataArrivalText = (ms: number): Buffer => Buffer.from(`","approximateArrivalTimestamp":${JSON.stringify(ms)},"sequenceNumber":"`, 'latin1');
/** The record's text from the end of the sequence number's value. */
const metadataSubsequenceClosing = (subsequence: number): Buffer => Buffer.from(`","subsequenceNumber":${JSON.stringify(subsequence)}}}`, 'latin1');

/** Copies `source` into `bytes` at `at`; answers the index past it. */
function copyInto(source: Uint8Array, bytes: Uint8Array, at: number): number {
  bytes.set(source, at);
  return at + source.length;
}

/** Writes `text` (printable ASCII, checked by the caller) into `bytes` at `at` a character at a time; answers the index past it. */
function writeAscii(text: string, bytes: Uint8Array, at: number): number {
  for (let index = 0; index < text.length; index += 1) bytes[at + index] = text.charCodeAt(index);
  return at + text.length;
}
/** A record's text from the end of its data, for metadata with a value JSON must escape. */
const escapedClosing = (kinesis: KinesisRecordMetadata): string => `"${metadataJson(kinesis)}}`;

/** A record's text up to its id's text, for an id JSON writes as it is. */
const ID_OPENING = Buffer.from('{"recordId":"', 'latin1');
/** A record's text from the end of a plain id to its data's opening quote. */
const afterId = (arrivalMs: number): Buffer => Buffer.from(`","approximateArrivalTimestamp":${JSON.stringify(arrivalMs)},"data":"`, 'latin1');
/** A record's text up to its data's opening quote, for an id JSON must escape. */
const escapedOpening = (record: EventRecordInput): string => `{"recordId":${JSON.stringify(lambdaRecordId(record.idBase, record.subIndex))},"approximateArrivalTimestamp":${JSON.stringify(Math.trunc(record.arrivalMs))},"data":"`;

/** `make(value)`, made again only when `value` differs from the last one asked for. */
function lastText<T, R = string>(make: (value: T) => R): (value: T) => R {
  let made = false;
  let last: T | undefined;
  let result: R | undefined;
  return (value) => {
    if (!made || value !== last) {
      made = true;
      last = value;
      result = make(value);
    }
    return result as R;
  };
}

/** Size of the serialised event, to keep each invocation under Lambda's 6 MB request limit. */
export function eventRecordSize(record: EventRecordInput): number {
  // base64 growth plus the JSON around one record (ids, timestamps, metadata).
  return Math.ceil(record.data.length / 3) * 4 + lambdaRecordIdLength(record.idBase, record.subIndex) + (record.shardId === undefined ? 80 : 300);
}
