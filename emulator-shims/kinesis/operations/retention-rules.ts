/** What IncreaseStreamRetentionPeriod and DecreaseStreamRetentionPeriod share: 24 hours to 365 days, one direction each. */
import type { IncreaseStreamRetentionPeriodInput } from '@aws-sdk/client-kinesis';
import { findStream, type OperationContext } from '../context.js';
import { invalidArgument } from '../errors.js';
import { DEFAULT_RETENTION_HOURS, MAX_RETENTION_HOURS } from '../stream.js';

export function changeRetention(input: IncreaseStreamRetentionPeriodInput, context: OperationContext, direction: 'increase' | 'decrease'): void {
  const stream = findStream(context, input);
  const hours = input.RetentionPeriodHours!;
  const current = stream.settings.retentionHours;
  if (hours < DEFAULT_RETENTION_HOURS) {
    throw invalidArgument(`Minimum allowed retention period is ${DEFAULT_RETENTION_HOURS} hours. Requested retention period (${hours} hours) is too short.`);
  }
  if (hours > MAX_RETENTION_HOURS) {
    throw invalidArgument(`Maximum allowed retention period is ${MAX_RETENTION_HOURS} hours. Requested retention period (${hours} hours) is too long.`);
  }
  if (direction === 'increase' && hours < current) {
    throw invalidArgument(`Requested retention period (${hours} hours) for stream ${stream.name} can not be shorter than existing retention period (${current} hours). Use DecreaseRetentionPeriod API.`);
  }
  if (direction === 'decrease' && hours > current) {
    throw invalidArgument(`Requested retention period (${hours} hours) for stream ${stream.name} can not be longer than existing retention period (${current} hours). Use IncreaseRetentionPeriod API.`);
  }
  stream.settings.retentionHours = hours;
  stream.trim(context.store.now());
  context.store.save(stream);
}
