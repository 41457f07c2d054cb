import type { StartDeliveryStreamEncryptionInput, StartDeliveryStreamEncryptionOutput } from '@aws-sdk/client-firehose';
import { defineOperation, requireStream, STREAM_NAME } from '../context.js';
import { invalidArgument } from '../errors.js';
import { admitEncryptionCall } from './encryption-rules.js';

export const startDeliveryStreamEncryption = defineOperation<StartDeliveryStreamEncryptionInput, StartDeliveryStreamEncryptionOutput>({
  name: 'StartDeliveryStreamEncryption',
  table: {
    DeliveryStreamName: STREAM_NAME,
    'DeliveryStreamEncryptionConfigurationInput.KeyType': { required: true, type: 'string', enum: ['AWS_OWNED_CMK', 'CUSTOMER_MANAGED_CMK'] },
    'DeliveryStreamEncryptionConfigurationInput.KeyARN': { type: 'string', length: [1, 512], pattern: 'arn:.*:kms:[a-zA-Z0-9\\-]+:\\d{12}:(key|alias)/[a-zA-Z_0-9+=,.@\\-_/]+' },
  },
  run(input, context) {
    const stream = requireStream(context, input.DeliveryStreamName as string);
    const config = input.DeliveryStreamEncryptionConfigurationInput ?? { KeyType: 'AWS_OWNED_CMK' };
    if (config.KeyType === 'CUSTOMER_MANAGED_CMK' && !config.KeyARN) throw invalidArgument('KeyARN is required when KeyType is CUSTOMER_MANAGED_CMK.');
    if (config.KeyType === 'AWS_OWNED_CMK' && config.KeyARN) throw invalidArgument('KeyARN must not be specified when KeyType is AWS_OWNED_CMK.');
    admitEncryptionCall(stream, context);
    stream.encryption = { Status: 'ENABLING', KeyType: config.KeyType as string, ...(config.KeyARN ? { KeyARN: config.KeyARN } : {}) };
    context.store.save(stream);
    context.later(context.createDelayMs, () => {
      if (stream.encryption.Status !== 'ENABLING') return;
      stream.encryption = { ...stream.encryption, Status: 'ENABLED' };
      context.store.save(stream);
    });
    return {};
  },
});
