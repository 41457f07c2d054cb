import type { FirehoseTransformationEvent } from '../../../lambda/index.js';

const STREAM_ARN = 'arn:aws:firehose:us-east-1:000000000000:deliverystream/hosepipe-test';

/** A Firehose transformation event with one record per line, as Firehose sends it from a Kinesis source. */
export function firehoseEvent(lines: readonly (string | Uint8Array)[], arrivalMs = Date.UTC(2024, 2, 10, 12)): FirehoseTransformationEvent {
  return {
    invocationId: 'invocation-1',
    deliveryStreamArn: STREAM_ARN,
    region: 'us-east-1',
    sourceKinesisStreamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/hosepipe-test',
    records: lines.map((line, index) => ({
      recordId: `record-${index}-49546986683135544286507457936321625675700192471156785154`,
      approximateArrivalTimestamp: arrivalMs,
      data: Buffer.from(line).toString('base64'),
      kinesisRecordMetadata: {
        shardId: 'shardId-000000000000',
        partitionKey: 'pk',
        approximateArrivalTimestamp: arrivalMs,
        sequenceNumber: `4954698668313554428650745793632162567570019247115678515${index}`,
        subsequenceNumber: '',
      },
    })),
  };
}

/** The JSON object a transformed record carries. */
export const decodeJsonRecord = (data: string): unknown => {
  const text = Buffer.from(data, 'base64').toString('utf8');
  if (!text.endsWith('\n') || text.indexOf('\n') !== text.length - 1) throw new Error(`not one JSON line: ${text}`);
  return JSON.parse(text);
};
