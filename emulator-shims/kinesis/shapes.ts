/** Member shapes shared by the operations, with the constraints of Kinesis's service model. */
import type { Shape } from './validation.js';

export const STREAM_NAME: Shape = { type: 'string', length: [1, 128], pattern: '[a-zA-Z0-9_.-]+' };
export const STREAM_ARN: Shape = { type: 'string', length: [1, 2048], pattern: 'arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+' };
export const SHARD_ID: Shape = { type: 'string', length: [1, 128], pattern: '[a-zA-Z0-9_.-]+' };
export const HASH_KEY: Shape = { type: 'string', pattern: '0|([1-9]\\d{0,38})' };
export const SEQUENCE_NUMBER: Shape = { type: 'string', pattern: '0|([1-9]\\d{0,128})' };
export const NEXT_TOKEN: Shape = { type: 'string', length: [1, 1_048_576] };
export const STREAM_MODE_DETAILS: Shape = {
  type: 'structure',
  members: { StreamMode: { type: 'string', required: true, enum: ['PROVISIONED', 'ON_DEMAND'] } },
};
export const RETENTION_HOURS: Shape = { type: 'integer', required: true };

/** The members that name a stream in every operation on one: StreamName or StreamARN. */
export const STREAM_MEMBERS = { StreamName: STREAM_NAME, StreamARN: STREAM_ARN } as const;

export const required = (shape: Shape): Shape => ({ ...shape, required: true });
