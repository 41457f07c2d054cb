import type { TagDeliveryStreamInput, TagDeliveryStreamOutput } from '@aws-sdk/client-firehose';
import { defineOperation, requireStream, STREAM_NAME } from '../context.js';
import { limitExceeded } from '../errors.js';
import { MAX_TAGS_PER_STREAM, tagRules } from './tag-rules.js';

export const tagDeliveryStream = defineOperation<TagDeliveryStreamInput, TagDeliveryStreamOutput>({
  name: 'TagDeliveryStream',
  table: { DeliveryStreamName: STREAM_NAME, Tags: { required: true, type: 'list', length: [1, 50] }, ...tagRules('Tags') },
  run(input, context) {
    const stream = requireStream(context, input.DeliveryStreamName as string);
    const tags = new Map(stream.tags.map((tag) => [tag.Key as string, tag.Value]));
    for (const tag of input.Tags ?? []) tags.set(tag.Key as string, tag.Value);
    if (tags.size > MAX_TAGS_PER_STREAM) {
      throw limitExceeded(`A delivery stream cannot have more than ${MAX_TAGS_PER_STREAM} tags.`);
    }
    stream.tags = [...tags].map(([Key, Value]) => (Value === undefined ? { Key } : { Key, Value }));
    context.store.save(stream);
    return {};
  },
});
