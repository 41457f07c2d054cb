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
  /** `data.toString('base64')`, when the caller already has it. */
  base64?: string;
  kinesis?: KinesisRecordMetadata;
}

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
const RECORD_ID_KEY = '{"recordId":';

/** A string as JSON.stringify writes it: between quotes as it is when nothing in it needs escaping. */
const jsonString = (text: string): string => (PLAIN_JSON_TEXT.test(text) ? `"${text}"` : JSON.stringify(text));

/**
 * `,"kinesisRecordMetadata":{…}` exactly as JSON.stringify writes buildLambdaEvent's metadata object (its
 * keys in that order), from a template: JSON.stringify of the object took about twice as long per record.
 */
function metadataJson(metadata: KinesisRecordMetadata): string {
  return `,"kinesisRecordMetadata":{"shardId":${jsonString(metadata.shardId)},"partitionKey":${jsonString(metadata.partitionKey)},"approximateArrivalTimestamp":${JSON.stringify(metadata.approximateArrivalTimestamp)},"sequenceNumber":${jsonString(metadata.sequenceNumber)},"subsequenceNumber":${JSON.stringify(metadata.subsequenceNumber)}}`;
}

const TIMESTAMP_KEY = ',"approximateArrivalTimestamp":';
const DATA_KEY = ',"data":"';

/**
 * The event as JSON bytes: exactly `JSON.stringify(buildLambdaEvent(input))`, written piece by piece into
 * one buffer, so no event object and no event-sized string is ever built. Each record's fixed keys,
 * plain record id and base64 data go straight into the buffer; only ids that need escaping and Kinesis
 * metadata go through JSON.stringify. `allocate` gives the buffer to write into (it may be longer); the
 * answer is a view of the bytes written.
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
): Buffer {
  const source = input.sourceKinesisStreamArn ? `"sourceKinesisStreamArn":${JSON.stringify(input.sourceKinesisStreamArn)},` : '';
  const head = `{"invocationId":${JSON.stringify(input.invocationId)},${source}"deliveryStreamArn":${JSON.stringify(input.deliveryStreamArn)},"region":${JSON.stringify(input.region)},"records":[`;
  const { records } = input;
  // What cannot be written as it is: escaped ids and metadata, by record index.
  const escapedIds = new Map<number, string>();
  const metadata = new Map<number, string>();
  const timestamps: string[] = new Array(records.length);
  let length = Buffer.byteLength(head) + records.length * (RECORD_ID_KEY.length + TIMESTAMP_KEY.length + DATA_KEY.length + 2) + 2;
  for (let index = 0; index < records.length; index += 1) {
    const record = records[index]!;
    if (PLAIN_JSON_TEXT.test(record.recordId)) length += record.recordId.length + 2;
    else {
      const id = JSON.stringify(record.recordId);
      escapedIds.set(index, id);
      length += Buffer.byteLength(id);
    }
    const timestamp = JSON.stringify(Math.trunc(record.arrivalMs));
    timestamps[index] = timestamp;
    length += timestamp.length + Math.ceil(record.data.length / 3) * 4 + (index === 0 ? 0 : 1);
    if (record.kinesis) {
      const json = metadataJson(record.kinesis);
      metadata.set(index, json);
      length += Buffer.byteLength(json);
    }
  }
  const bytes = allocate(length);
  let at = bytes.write(head, 0);
  for (let index = 0; index < records.length; index += 1) {
    const record = records[index]!;
    if (index > 0) bytes[at++] = 0x2c;
    at += bytes.write(RECORD_ID_KEY, at, 'latin1');
    const escaped = escapedIds.get(index);
    if (escaped === undefined) {
      bytes[at++] = 0x22;
      at += bytes.write(record.recordId, at, 'latin1');
      bytes[at++] = 0x22;
    } else {
      at += bytes.write(escaped, at);
    }
    at += bytes.write(TIMESTAMP_KEY, at, 'latin1');
    at += bytes.write(timestamps[index]!, at, 'latin1');
    at += bytes.write(DATA_KEY, at, 'latin1');
    at += bytes.write(record.base64 ?? record.data.toString('base64'), at, 'latin1');
    bytes[at++] = 0x22;
    const json = metadata.get(index);
    if (json !== undefined) at += bytes.write(json, at);
    bytes[at++] = 0x7d;
  }
  bytes[at++] = 0x5d;
  bytes[at++] = 0x7d;
  return bytes.subarray(0, at);
}

/** Size of the serialised event, to keep each invocation under Lambda's 6 MB request limit. */
export function eventRecordSize(record: EventRecordInput): number {
  // base64 growth plus the JSON around one record (ids, timestamps, metadata).
  return Math.ceil(record.data.length / 3) * 4 + record.recordId.length + (record.kinesis ? 300 : 80);
}
