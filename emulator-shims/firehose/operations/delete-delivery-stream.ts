import type { DeleteDeliveryStreamInput, DeleteDeliveryStreamOutput } from '@aws-sdk/client-firehose';
import { defineOperation, requireStream, STREAM_NAME } from '../context.js';
import { resourceInUse } from '../errors.js';

export const deleteDeliveryStream = defineOperation<DeleteDeliveryStreamInput, DeleteDeliveryStreamOutput>({
  name: 'DeleteDeliveryStream',
  table: { DeliveryStreamName: STREAM_NAME, AllowForceDelete: { type: 'boolean' } },
  async run(input, context) {
    const stream = requireStream(context, input.DeliveryStreamName as string);
    if (stream.status === 'CREATING') {
      // UNCONFIRMED wording; the model says delete is not allowed while CREATING.
      throw resourceInUse(`Firehose ${stream.name} under account ${stream.accountId} is in CREATING state and cannot be deleted.`);
    }
    if (stream.status === 'DELETING') return {};
    stream.status = 'DELETING';
    context.store.save(stream);
    context.later(context.deleteDelayMs, async () => {
      const current = context.store.get(context.scope, stream.name);
      if (current !== stream) return;
      await context.engines.discard(stream);
      context.store.remove(stream);
    });
    return {};
  },
});
