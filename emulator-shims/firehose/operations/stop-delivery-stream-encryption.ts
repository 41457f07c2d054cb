import type { StopDeliveryStreamEncryptionInput, StopDeliveryStreamEncryptionOutput } from '@aws-sdk/client-firehose';
import { defineOperation, requireStream, STREAM_NAME } from '../context.js';
import { admitEncryptionCall, ENCRYPTION_TRANSITION_MS } from './encryption-rules.js';

export const stopDeliveryStreamEncryption = defineOperation<StopDeliveryStreamEncryptionInput, StopDeliveryStreamEncryptionOutput>({
  name: 'StopDeliveryStreamEncryption',
  table: { DeliveryStreamName: STREAM_NAME },
  run(input, context) {
    const stream = requireStream(context, input.DeliveryStreamName as string);
    admitEncryptionCall(stream, context);
    stream.encryption = { ...stream.encryption, Status: 'DISABLING' };
    context.store.save(stream);
    context.later(ENCRYPTION_TRANSITION_MS, () => {
      if (stream.encryption.Status !== 'DISABLING') return;
      stream.encryption = { Status: 'DISABLED' };
      context.store.save(stream);
    });
    return {};
  },
});
