/** The event Firehose sends its transformation Lambda (reference §4.1). Pure. */

import { encodeBase64Into } from './base64-bytes.js';

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

export interface EventRecordInput {
  recordId: string;
  arrivalMs: number;
  data: Buffer;
  kinesis?: KinesisRecordMetadata;
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
    recordId: record.recordId,
    approximateArrivalTimestamp: Math.trunc(record.arrivalMs),
    data: record.data.toString('base64'),
  };
  if (record.kinesis) {
    // Key order as in captured Kinesis-source events, whatever order the input's object has.
    const { shardId, partitionKey, approximateArrivalTimestamp, sequenceNumber, subsequenceNumber } = record.kinesis;
    eventRecord.kinesisRecordMetadata = { shardId, partitionKey, approximateArrivalTimestamp, sequenceNumber, subsequenceNumber };
  }
  return eventRecord;
}

/** Text JSON.stringify writes as it is between quotes: printable ASCII other than `"` and `\\`. */
const PLAIN_JSON_TEXT = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

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
 * one buffer, so no event object and no event-sized string is ever built. A record is three writes: its
 * text up to the data (ids that need escaping and Kinesis metadata go through JSON.stringify), its data's
 * base64 and what follows. `allocate` gives the buffer to write into (it may be longer); the answer is a
 * view of the bytes written. With `textAt`, record i's base64 is found at `textAt[i]` in that view.
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
  // By record index: whether its id must be escaped and, with Kinesis metadata, its text after the data. A plain
  // record's text before its data is written in pieces, not kept as a string per record: such strings for a whole
  // batch, alive while the event was written, were copied by the young generation's collections it caused.
  const escaped: boolean[] = new Array(records.length);
  let closings: string[] | undefined;
  let closingsAscii: boolean[] | undefined;
  let length = Buffer.byteLength(head) + 2;
  // Records in a row mostly share their arrival (a put's records) and shard: their texts are made once.
  const afterIdText = lastText(afterId);
  const kinesisArrivalText = lastText((ms: number) => JSON.stringify(ms));
  const shardText = lastText(jsonString);
  for (let index = 0; index < records.length; index += 1) {
    const record = records[index]!;
    const plain = PLAIN_JSON_TEXT.test(record.recordId);
    escaped[index] = !plain;
    const opening = plain ? ID_OPENING.length + record.recordId.length + afterIdText(Math.trunc(record.arrivalMs)).length : Buffer.byteLength(escapedOpening(record));
    length += (index === 0 ? 0 : 1) + opening + Math.ceil(record.data.length / 3) * 4 + 2;
    if (record.kinesis) {
      closings ??= new Array(records.length);
      closingsAscii ??= new Array(records.length);
      const kinesis = record.kinesis;
      // The usual record's in one template, without a string for each quoted value on the way.
      const closing = PLAIN_JSON_TEXT.test(kinesis.partitionKey) && PLAIN_JSON_TEXT.test(kinesis.sequenceNumber)
        ? `","kinesisRecordMetadata":{"shardId":${shardText(kinesis.shardId)},"partitionKey":"${kinesis.partitionKey}","approximateArrivalTimestamp":${kinesisArrivalText(kinesis.approximateArrivalTimestamp)},"sequenceNumber":"${kinesis.sequenceNumber}","subsequenceNumber":${kinesis.subsequenceNumber === 0 ? '0' : JSON.stringify(kinesis.subsequenceNumber)}}}`
        : `"${metadataJson(kinesis)}}`;
      const bytes = Buffer.byteLength(closing);
      closings[index] = closing;
      // As many bytes as characters: all ASCII, written as latin1 (cheaper than encoding UTF-8).
      closingsAscii[index] = bytes === closing.length;
      length += bytes - 2;
    }
  }
  const bytes = allocate(length);
  let at = bytes.write(head, 0);
  const writtenAfterIdText = lastText(afterId);
  for (let index = 0; index < records.length; index += 1) {
    const record = records[index]!;
    if (index > 0) bytes[at++] = 0x2c;
    // A write call costs more than the bytes it copies: the constant opening is copied byte by byte, then the id,
    // the text after it (one string for a run of records that arrived together), the data's base64 (encoded in
    // place, no string of it), and what follows.
    if (escaped[index]) at += bytes.write(escapedOpening(record), at, 'utf8');
    else {
      for (let byte = 0; byte < ID_OPENING.length; byte += 1) bytes[at++] = ID_OPENING[byte]!;
      at += bytes.write(record.recordId, at, 'latin1');
      at += bytes.write(writtenAfterIdText(Math.trunc(record.arrivalMs)), at, 'latin1');
    }
    if (textAt !== undefined) textAt[index] = at;
    at = encodeBase64Into(record.data, bytes, at);
    const closing = closings?.[index];
    if (closing === undefined) {
      bytes[at++] = 0x22;
      bytes[at++] = 0x7d;
    } else {
      at += bytes.write(closing, at, closingsAscii![index] ? 'latin1' : 'utf8');
    }
  }
  bytes[at++] = 0x5d;
  bytes[at++] = 0x7d;
  return bytes.subarray(0, at);
}

/** A record's text up to its id's text, for an id JSON writes as it is. */
const ID_OPENING = Buffer.from('{"recordId":"', 'latin1');
/** A record's text from the end of a plain id to its data's opening quote. */
const afterId = (arrivalMs: number): string => `","approximateArrivalTimestamp":${JSON.stringify(arrivalMs)},"data":"`;
/** A record's text up to its data's opening quote, for an id JSON must escape. */
const escapedOpening = (record: EventRecordInput): string => `{"recordId":${JSON.stringify(record.recordId)},"approximateArrivalTimestamp":${JSON.stringify(Math.trunc(record.arrivalMs))},"data":"`;

/** `make(value)`, made again only when `value` differs from the last one asked for. */
function lastText<T>(make: (value: T) => string): (value: T) => string {
  let last: T | undefined;
  let text: string | undefined;
  return (value) => {
    if (text === undefined || value !== last) {
      last = value;
      text = make(value);
    }
    return text;
  };
}

/** Size of the serialised event, to keep each invocation under Lambda's 6 MB request limit. */
export function eventRecordSize(record: EventRecordInput): number {
  // base64 growth plus the JSON around one record (ids, timestamps, metadata).
  return Math.ceil(record.data.length / 3) * 4 + record.recordId.length + (record.kinesis ? 300 : 80);
}
