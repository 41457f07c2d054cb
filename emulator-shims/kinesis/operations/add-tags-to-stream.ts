import type { AddTagsToStreamInput } from '@aws-sdk/client-kinesis';
import { defineOperation, findStream } from '../context.js';
import { invalidArgument } from '../errors.js';
import { STREAM_MEMBERS } from '../shapes.js';
import { checkTags, MAX_TAGS, TAG_MAP } from './tag-rules.js';

export const addTagsToStream = defineOperation<AddTagsToStreamInput, void>({
  name: 'AddTagsToStream',
  members: { ...STREAM_MEMBERS, Tags: { ...TAG_MAP, required: true } },
  run(input, context) {
    const stream = findStream(context, input);
    const tags = input.Tags!;
    checkTags(tags, stream.name, context.scope.accountId, 'add');
    const merged = { ...stream.settings.tags, ...tags };
    if (Object.keys(merged).length > MAX_TAGS) {
      throw invalidArgument(`Failed to add tags to stream ${stream.name} under account ${context.scope.accountId} because a given stream cannot have more than ${MAX_TAGS} tags associated with it.`);
    }
    stream.settings.tags = merged;
    context.store.save(stream);
  },
});
