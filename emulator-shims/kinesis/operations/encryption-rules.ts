import type { Members } from '../validation.js';
import { STREAM_MEMBERS } from '../shapes.js';

export const ENCRYPTION_MEMBERS: Members = {
  ...STREAM_MEMBERS,
  EncryptionType: { type: 'string', required: true, enum: ['NONE', 'KMS'] },
  KeyId: { type: 'string', required: true, length: [1, 2048] },
};
