import type { ListDeliveryStreamsInput, ListDeliveryStreamsOutput } from '@aws-sdk/client-firehose';
import { defineOperation } from '../context.js';

const DEFAULT_LIMIT = 10;

export const listDeliveryStreams = defineOperation<ListDeliveryStreamsInput, ListDeliveryStreamsOutput>({
  name: 'ListDeliveryStreams',
  table: {
    Limit: { type: 'number', range: [1, 10000] },
    DeliveryStreamType: { type: 'string', enum: ['DirectPut', 'KinesisStreamAsSource', 'MSKAsSource', 'DatabaseAsSource'] },
    ExclusiveStartDeliveryStreamName: { type: 'string', length: [1, 64], pattern: '[a-zA-Z0-9_.-]+' },
  },
  run(input, context) {
    const names = context.store.list(context.scope)
      .filter((stream) => input.DeliveryStreamType === undefined || stream.type === input.DeliveryStreamType)
      .map((stream) => stream.name)
      .sort()
      .filter((name) => input.ExclusiveStartDeliveryStreamName === undefined || name > input.ExclusiveStartDeliveryStreamName);
    const limit = input.Limit ?? DEFAULT_LIMIT;
    return { DeliveryStreamNames: names.slice(0, limit), HasMoreDeliveryStreams: names.length > limit };
  },
});
