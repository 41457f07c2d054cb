import type { DecreaseStreamRetentionPeriodInput } from '@aws-sdk/client-kinesis';
import { defineOperation } from '../context.js';
import { RETENTION_HOURS, STREAM_MEMBERS } from '../shapes.js';
import { changeRetention } from './retention-rules.js';

export const decreaseStreamRetentionPeriod = defineOperation<DecreaseStreamRetentionPeriodInput, void>({
  name: 'DecreaseStreamRetentionPeriod',
  members: { ...STREAM_MEMBERS, RetentionPeriodHours: RETENTION_HOURS },
  run: (input, context) => changeRetention(input, context, 'decrease'),
});
