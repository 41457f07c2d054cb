import type { StartStreamEncryptionInput } from '@aws-sdk/client-kinesis';
import { defineOperation, findStream, requireActive } from '../context.js';
import { ENCRYPTION_MEMBERS } from './encryption-rules.js';
import { startUpdate } from './reshard-rules.js';

/** Records are kept as they are; descriptions and put answers report KMS and the key. */
export const startStreamEncryption = defineOperation<StartStreamEncryptionInput, void>({
  name: 'StartStreamEncryption',
  members: ENCRYPTION_MEMBERS,
  run(input, context) {
    const stream = requireActive(findStream(context, input));
    stream.settings.encryptionType = input.EncryptionType === 'KMS' ? 'KMS' : 'NONE';
    stream.settings.keyId = input.KeyId!;
    startUpdate(context, stream);
  },
});
