import type { IncreaseStreamRetentionPeriodInput } from '@aws-sdk/client-kinesis';
import { defineOperation } from '../context.js';
import { RETENTION_HOURS, STREAM_MEMBERS } from '../shapes.js';
import { changeRetention } from './retention-rules.js';

export const increaseStreamRetentionPeriod = defineOperation<IncreaseStreamRetentionPeriodInput, void>({
  name: 'IncreaseStreamRetentionPeriod',
  members: { ...STREAM_MEMBERS, RetentionPeriodHours: RETENTION_HOURS },
  run: (input, context) => changeRetention(input, context, 'increase'),
});
