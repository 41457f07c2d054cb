import type { DisableEnhancedMonitoringInput, EnhancedMonitoringOutput } from '@aws-sdk/client-kinesis';
import { defineOperation } from '../context.js';
import { changeMonitoring, MONITORING_MEMBERS } from './enhanced-monitoring-rules.js';

export const disableEnhancedMonitoring = defineOperation<DisableEnhancedMonitoringInput, EnhancedMonitoringOutput>({
  name: 'DisableEnhancedMonitoring',
  members: MONITORING_MEMBERS,
  run: (input, context) => changeMonitoring(input, context, false),
});
