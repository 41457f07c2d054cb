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
  if (record.kinesis) eventRecord.kinesisRecordMetadata = { ...record.kinesis };
  return eventRecord;
}

/**
 * The event as JSON bytes: exactly `JSON.stringify(buildLambdaEvent(input))`, written piece by piece into
 * one buffer, so no event object and no event-sized string is ever built. `allocate` gives the buffer
 * to write into (it may be longer); the answer is a view of the bytes written.
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
  const pieces: string[] = [
    `{"invocationId":${JSON.stringify(input.invocationId)},${source}"deliveryStreamArn":${JSON.stringify(input.deliveryStreamArn)},"region":${JSON.stringify(input.region)},"records":[`,
  ];
  input.records.forEach((record, index) => {
    const metadata = record.kinesis ? `,"kinesisRecordMetadata":${JSON.stringify(record.kinesis)}` : '';
    pieces.push(`${index === 0 ? '' : ','}{"recordId":${JSON.stringify(record.recordId)},"approximateArrivalTimestamp":${JSON.stringify(Math.trunc(record.arrivalMs))},"data":"${record.data.toString('base64')}"${metadata}}`);
  });
  pieces.push(']}');
  let length = 0;
  for (const piece of pieces) length += Buffer.byteLength(piece);
  const bytes = allocate(length);
  let at = 0;
  for (const piece of pieces) at += bytes.write(piece, at);
  return bytes.subarray(0, length);
}

/** Size of the serialised event, to keep each invocation under Lambda's 6 MB request limit. */
export function eventRecordSize(record: EventRecordInput): number {
  // base64 growth plus the JSON around one record (ids, timestamps, metadata).
  return Math.ceil(record.data.length / 3) * 4 + record.recordId.length + (record.kinesis ? 300 : 80);
}
