import type { UntagDeliveryStreamInput, UntagDeliveryStreamOutput } from '@aws-sdk/client-firehose';
import { defineOperation, requireStream, STREAM_NAME } from '../context.js';

export const untagDeliveryStream = defineOperation<UntagDeliveryStreamInput, UntagDeliveryStreamOutput>({
  name: 'UntagDeliveryStream',
  table: {
    DeliveryStreamName: STREAM_NAME,
    TagKeys: { required: true, type: 'list', length: [1, 50] },
    'TagKeys[]': { type: 'string', length: [1, 128] },
  },
  run(input, context) {
    const stream = requireStream(context, input.DeliveryStreamName as string);
    const remove = new Set(input.TagKeys ?? []);
    stream.tags = stream.tags.filter((tag) => !remove.has(tag.Key as string));
    context.store.save(stream);
    return {};
  },
});
