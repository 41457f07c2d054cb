/** The event Firehose sends its transformation Lambda (reference §4.1). Pure. */

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
  // By record index: ids JSON must escape (undefined for the usual plain one), each record's text up to its
  // data's opening quote and, with Kinesis metadata, its text after the data.
  const openings: string[] = new Array(records.length);
  const escaped: boolean[] = new Array(records.length);
  let closings: string[] | undefined;
  let closingsAscii: boolean[] | undefined;
  let length = Buffer.byteLength(head) + 2;
  // Records in a row mostly share their arrival (a put's records) and shard: their texts are made once.
  const arrivalText = lastText((ms: number) => JSON.stringify(ms));
  const kinesisArrivalText = lastText((ms: number) => JSON.stringify(ms));
  const shardText = lastText(jsonString);
  for (let index = 0; index < records.length; index += 1) {
    const record = records[index]!;
    const plain = PLAIN_JSON_TEXT.test(record.recordId);
    const opening = plain
      ? `${index === 0 ? '' : ','}{"recordId":"${record.recordId}","approximateArrivalTimestamp":${arrivalText(Math.trunc(record.arrivalMs))},"data":"`
      : `${index === 0 ? '' : ','}{"recordId":${JSON.stringify(record.recordId)},"approximateArrivalTimestamp":${arrivalText(Math.trunc(record.arrivalMs))},"data":"`;
    openings[index] = opening;
    escaped[index] = !plain;
    length += (plain ? opening.length : Buffer.byteLength(opening)) + Math.ceil(record.data.length / 3) * 4 + 2;
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
  for (let index = 0; index < records.length; index += 1) {
    const record = records[index]!;
    // A write call costs more than the bytes it copies: one for the text before the data, one for the
    // data's base64, one or none after it.
    at += bytes.write(openings[index]!, at, escaped[index] ? 'utf8' : 'latin1');
    if (textAt !== undefined) textAt[index] = at;
    at += bytes.write(record.data.toString('base64'), at, 'latin1');
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
