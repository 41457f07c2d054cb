import type { EnableEnhancedMonitoringInput, EnhancedMonitoringOutput } from '@aws-sdk/client-kinesis';
import { defineOperation } from '../context.js';
import { changeMonitoring, MONITORING_MEMBERS } from './enhanced-monitoring-rules.js';

export const enableEnhancedMonitoring = defineOperation<EnableEnhancedMonitoringInput, EnhancedMonitoringOutput>({
  name: 'EnableEnhancedMonitoring',
  members: MONITORING_MEMBERS,
  run: (input, context) => changeMonitoring(input, context, true),
});
