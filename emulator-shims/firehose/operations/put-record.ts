import type { PutRecordInput, PutRecordOutput } from '@aws-sdk/client-firehose';
import { validationError } from '../../shared/index.js';
import { defineOperation, requireStream, STREAM_NAME, type OperationContext } from '../context.js';
import { invalidArgument, NOT_PERMITTED_ON_KINESIS_SOURCE, resourceNotFound } from '../errors.js';
import { createRecordId } from '../record-id.js';
import type { StoredStream } from '../store.js';

export const MAX_RECORD_BYTES = 1_024_000;
/**
 * UNCONFIRMED (§2): the error for data sent to a stream that is not ACTIVE. ResourceNotFoundException is the only
 * declared PutRecord error that fits.
 */
export const NOT_ACTIVE_ERROR = 'ResourceNotFoundException';

/** The stream a put may go to: exists, ACTIVE, DirectPut. */
export function requirePutTarget(context: OperationContext, name: string): StoredStream {
  const stream = requireStream(context, name);
  if (stream.type === 'KinesisStreamAsSource') throw invalidArgument(NOT_PERMITTED_ON_KINESIS_SOURCE);
  // DELETING streams "may keep accepting records" [M]; CREATING and failed ones do not.
  if (stream.status !== 'ACTIVE' && stream.status !== 'DELETING') throw resourceNotFound(name, stream.accountId);
  return stream;
}

export const putRecord = defineOperation<PutRecordInput, PutRecordOutput>({
  name: 'PutRecord',
  table: {
    DeliveryStreamName: STREAM_NAME,
    Record: { required: true, type: 'object' },
    'Record.Data': { required: true, type: 'blob' },
  },
  run(input, context) {
    // The table checked Data is base64 text.
    const data = Buffer.from((input.Record as { Data: unknown }).Data as string, 'base64');
    if (data.length > MAX_RECORD_BYTES) {
      throw validationError([`Value at 'record.data' failed to satisfy constraint: Member must have length less than or equal to ${MAX_RECORD_BYTES}`]);
    }
    const stream = requirePutTarget(context, input.DeliveryStreamName as string);
    context.engines.accept(stream, [data]);
    return { RecordId: createRecordId(), Encrypted: stream.encryption.Status === 'ENABLED' };
  },
});
