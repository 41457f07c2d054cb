import type { ListTagsForDeliveryStreamInput, ListTagsForDeliveryStreamOutput } from '@aws-sdk/client-firehose';
import { defineOperation, requireStream, STREAM_NAME } from '../context.js';

export const listTagsForDeliveryStream = defineOperation<ListTagsForDeliveryStreamInput, ListTagsForDeliveryStreamOutput>({
  name: 'ListTagsForDeliveryStream',
  table: {
    DeliveryStreamName: STREAM_NAME,
    ExclusiveStartTagKey: { type: 'string', length: [1, 128] },
    Limit: { type: 'number', range: [1, 50] },
  },
  run(input, context) {
    const stream = requireStream(context, input.DeliveryStreamName as string);
    // Tags come back in the order they were added; paging starts after ExclusiveStartTagKey.
    let tags = stream.tags;
    if (input.ExclusiveStartTagKey !== undefined) {
      const index = tags.findIndex((tag) => tag.Key === input.ExclusiveStartTagKey);
      tags = index === -1 ? tags : tags.slice(index + 1);
    }
    const limit = input.Limit ?? 50;
    return { Tags: tags.slice(0, limit), HasMoreTags: tags.length > limit };
  },
});
