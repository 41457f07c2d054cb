import type { StopDeliveryStreamEncryptionInput, StopDeliveryStreamEncryptionOutput } from '@aws-sdk/client-firehose';
import { defineOperation, requireStream, STREAM_NAME } from '../context.js';
import { admitEncryptionCall } from './encryption-rules.js';

export const stopDeliveryStreamEncryption = defineOperation<StopDeliveryStreamEncryptionInput, StopDeliveryStreamEncryptionOutput>({
  name: 'StopDeliveryStreamEncryption',
  table: { DeliveryStreamName: STREAM_NAME },
  run(input, context) {
    const stream = requireStream(context, input.DeliveryStreamName as string);
    admitEncryptionCall(stream, context);
    stream.encryption = { ...stream.encryption, Status: 'DISABLING' };
    context.store.save(stream);
    context.later(context.createDelayMs, () => {
      if (stream.encryption.Status !== 'DISABLING') return;
      stream.encryption = { Status: 'DISABLED' };
      context.store.save(stream);
    });
    return {};
  },
});
