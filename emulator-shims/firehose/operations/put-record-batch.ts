import type { PutRecordBatchInput, PutRecordBatchOutput } from '@aws-sdk/client-firehose';
import { validationError } from '../../shared/index.js';
import { defineOperation, JsonAnswer, STREAM_NAME } from '../context.js';
import { invalidArgument } from '../errors.js';
import { decodeBase64Many } from '../base64-many.js';
import { MAX_RECORD_BYTES, requirePutTarget } from './put-record.js';
import { putRecordBatchAnswer } from './put-record-batch-answer.js';
import { MAX_BATCH_RECORDS, readPutRecordBatchBody, ReadPutRecordBatch } from './put-record-batch-body.js';

export { MAX_BATCH_RECORDS } from './put-record-batch-body.js';
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

export const putRecordBatch = defineOperation<PutRecordBatchInput | ReadPutRecordBatch, PutRecordBatchOutput | JsonAnswer>({
  name: 'PutRecordBatch',
  table: {
    DeliveryStreamName: STREAM_NAME,
    Records: { required: true, type: 'list', length: [1, MAX_BATCH_RECORDS] },
    // UNCONFIRMED: AWS's answer to a null record; a null member of a list is "Member must not be null" here.
    'Records[]': { required: true, type: 'object' },
    'Records[].Data': { required: true, type: 'blob' },
  },
  // The usual body is read from its bytes (see put-record-batch-body.ts); any other goes through the parse and the table.
  readBody: readPutRecordBatchBody,
  run(input, context) {
    let name: string;
    let records: Buffer[];
    if (input instanceof ReadPutRecordBatch) {
      ({ deliveryStreamName: name, records } = input);
    } else {
      // The table checked every record is an object whose Data is base64 text.
      name = input.DeliveryStreamName as string;
      records = decodeBase64Many((input.Records ?? []).map((record) => record.Data as unknown as string));
    }
    const stream = requirePutTarget(context, name);
    const problems: string[] = [];
    records.forEach((data, index) => {
      if (data.length > MAX_RECORD_BYTES) {
        problems.push(`Value at 'records.${index + 1}.member.data' failed to satisfy constraint: Member must have length less than or equal to ${MAX_RECORD_BYTES}`);
      }
    });
    if (problems.length > 0) throw validationError(problems);
    const total = records.reduce((sum, data) => sum + data.length, 0);
    // UNCONFIRMED (§2): which error a 4 MiB overflow produces; InvalidArgumentException is the only declared fit.
    if (total > MAX_BATCH_BYTES) throw invalidArgument(`Records size exceeds the ${MAX_BATCH_BYTES} bytes limit per PutRecordBatch request.`);
    context.engines.accept(stream, records);
    // Written as bytes (see put-record-batch-answer.ts): { FailedPutCount: 0, Encrypted, RequestResponses: [{ RecordId }, …] }.
    return new JsonAnswer(putRecordBatchAnswer(records.length, stream.encryption.Status === 'ENABLED'));
  },
});
