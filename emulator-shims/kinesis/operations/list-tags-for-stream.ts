import type { ListTagsForStreamInput, ListTagsForStreamOutput } from '@aws-sdk/client-kinesis';
import { defineOperation, findStream } from '../context.js';
import { STREAM_MEMBERS } from '../shapes.js';

export const listTagsForStream = defineOperation<ListTagsForStreamInput, ListTagsForStreamOutput>({
  name: 'ListTagsForStream',
  members: { ...STREAM_MEMBERS, ExclusiveStartTagKey: { type: 'string', length: [1, 128] }, Limit: { type: 'integer', range: [1, 50] } },
  run(input, context) {
    const stream = findStream(context, input);
    const after = input.ExclusiveStartTagKey;
    const tags = Object.entries(stream.settings.tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).filter(([key]) => after === undefined || key > after);
    const limit = input.Limit ?? 50;
    return { Tags: tags.slice(0, limit).map(([Key, Value]) => ({ Key, Value })), HasMoreTags: tags.length > limit };
  },
});
