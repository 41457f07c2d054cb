import type { DeleteStreamInput } from '@aws-sdk/client-kinesis';
import { defineOperation, findStream } from '../context.js';
import { streamNotActive, streamNotFound } from '../errors.js';
import { STREAM_MEMBERS } from '../shapes.js';

export const deleteStream = defineOperation<DeleteStreamInput, void>({
  name: 'DeleteStream',
  members: { ...STREAM_MEMBERS, EnforceConsumerDeletion: { type: 'boolean' } },
  run(input, context) {
    const stream = findStream(context, input);
    const { status, accountId } = stream.settings;
    if (status === 'DELETING') throw streamNotFound(stream.name, accountId);
    if (status === 'CREATING') throw streamNotActive(stream.name, accountId, status);
    context.store.delete(stream);
  },
});
