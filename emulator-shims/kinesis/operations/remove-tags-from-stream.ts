import type { RemoveTagsFromStreamInput } from '@aws-sdk/client-kinesis';
import { defineOperation, findStream } from '../context.js';
import { STREAM_MEMBERS } from '../shapes.js';
import { checkTags } from './tag-rules.js';

export const removeTagsFromStream = defineOperation<RemoveTagsFromStreamInput, void>({
  name: 'RemoveTagsFromStream',
  members: { ...STREAM_MEMBERS, TagKeys: { type: 'list', required: true, length: [1, 50], member: { type: 'string', length: [1, 128] } } },
  run(input, context) {
    const stream = findStream(context, input);
    checkTags(input.TagKeys!, stream.name, context.scope.accountId, 'remove');
    const tags = { ...stream.settings.tags };
    for (const key of input.TagKeys!) delete tags[key];
    stream.settings.tags = tags;
    context.store.save(stream);
  },
});
