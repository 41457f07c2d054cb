import type { DescribeDeliveryStreamInput } from '@aws-sdk/client-firehose';
import { defineOperation, requireStream, STREAM_NAME, toEpochSeconds } from '../context.js';
import { describeDestinations } from '../destination.js';
import type { StoredStream } from '../store.js';

/** DeliveryStreamDescription as the wire carries it (epoch-second timestamps), AWS defaults filled in. */
export function describeStream(stream: StoredStream): Record<string, unknown> {
  const description: Record<string, unknown> = {
    DeliveryStreamName: stream.name,
    DeliveryStreamARN: stream.arn,
    DeliveryStreamStatus: stream.status,
  };
  if (stream.failureDescription) description.FailureDescription = stream.failureDescription;
  description.DeliveryStreamEncryptionConfiguration = stream.encryption;
  description.DeliveryStreamType = stream.type;
  description.VersionId = String(stream.versionId);
  description.CreateTimestamp = toEpochSeconds(stream.createTimestamp);
  if (stream.lastUpdateTimestamp !== undefined) description.LastUpdateTimestamp = toEpochSeconds(stream.lastUpdateTimestamp);
  if (stream.kinesisSource) {
    description.Source = {
      KinesisStreamSourceDescription: {
        KinesisStreamARN: stream.kinesisSource.KinesisStreamARN,
        RoleARN: stream.kinesisSource.RoleARN,
        DeliveryStartTimestamp: toEpochSeconds(stream.kinesisSource.DeliveryStartTimestamp),
      },
    };
  } else if (stream.directPut) {
    description.Source = { DirectPutSourceDescription: stream.directPut };
  }
  description.Destinations = describeDestinations(stream.destination);
  description.HasMoreDestinations = false;
  return description;
}

export const describeDeliveryStream = defineOperation<DescribeDeliveryStreamInput, Record<string, unknown>>({
  name: 'DescribeDeliveryStream',
  table: {
    DeliveryStreamName: STREAM_NAME,
    Limit: { type: 'number', range: [1, 10000] },
    ExclusiveStartDestinationId: { type: 'string', length: [1, 100], pattern: '[a-zA-Z0-9-]+' },
  },
  run(input, context) {
    return { DeliveryStreamDescription: describeStream(requireStream(context, input.DeliveryStreamName as string)) };
  },
});
