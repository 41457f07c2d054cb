/** Kinesis details Firehose adds when the delivery stream reads from a Kinesis stream. */
export interface FirehoseKinesisRecordMetadata {
  shardId: string;
  partitionKey: string;
  approximateArrivalTimestamp: number;
  sequenceNumber: string;
  subsequenceNumber?: number | string;
}

/** One record handed to a data-transformation function; `data` is base64. */
export interface FirehoseTransformationEventRecord {
  recordId: string;
  approximateArrivalTimestamp: number;
  data: string;
  kinesisRecordMetadata?: FirehoseKinesisRecordMetadata;
}

/** The event Firehose invokes a data-transformation function with. */
export interface FirehoseTransformationEvent {
  invocationId: string;
  deliveryStreamArn: string;
  region: string;
  sourceKinesisStreamArn?: string;
  records: FirehoseTransformationEventRecord[];
}

/** What Firehose does with a returned record: deliver it, drop it, or write it under the error prefix. */
export type FirehoseRecordTransformationStatus = 'Ok' | 'Dropped' | 'ProcessingFailed';

/** One returned record; `recordId` must be the input's, and every input must come back exactly once. */
export interface FirehoseTransformationResultRecord {
  recordId: string;
  result: FirehoseRecordTransformationStatus;
  data: string;
  /** Shared between records of the same hour, and frozen. */
  metadata?: { readonly partitionKeys: Readonly<Record<string, string>> };
}

/** The function's answer to Firehose. */
export interface FirehoseTransformationResult {
  records: FirehoseTransformationResultRecord[];
}

/** The shape of the exported `handler`; the Lambda context is accepted and not used. */
export type FirehoseTransformationHandler = (event: FirehoseTransformationEvent, context?: unknown) => Promise<FirehoseTransformationResult>;
