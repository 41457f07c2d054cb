import type { StopStreamEncryptionInput } from '@aws-sdk/client-kinesis';
import { defineOperation, findStream, requireActive } from '../context.js';
import { ENCRYPTION_MEMBERS } from './encryption-rules.js';
import { startUpdate } from './reshard-rules.js';

export const stopStreamEncryption = defineOperation<StopStreamEncryptionInput, void>({
  name: 'StopStreamEncryption',
  members: ENCRYPTION_MEMBERS,
  run(input, context) {
    const stream = requireActive(findStream(context, input));
    stream.settings.encryptionType = 'NONE';
    delete stream.settings.keyId;
    startUpdate(context, stream);
  },
});
