/** Every supported Firehose operation, by AWS name: `ls operations/` lists what is emulated. */
import type { Operation } from '../context.js';
import { createDeliveryStream } from './create-delivery-stream.js';
import { deleteDeliveryStream } from './delete-delivery-stream.js';
import { describeDeliveryStream } from './describe-delivery-stream.js';
import { listDeliveryStreams } from './list-delivery-streams.js';
import { listTagsForDeliveryStream } from './list-tags-for-delivery-stream.js';
import { putRecord } from './put-record.js';
import { putRecordBatch } from './put-record-batch.js';
import { startDeliveryStreamEncryption } from './start-delivery-stream-encryption.js';
import { stopDeliveryStreamEncryption } from './stop-delivery-stream-encryption.js';
import { tagDeliveryStream } from './tag-delivery-stream.js';
import { untagDeliveryStream } from './untag-delivery-stream.js';
import { updateDestination } from './update-destination.js';

export const OPERATIONS: ReadonlyMap<string, Operation<never, unknown>> = new Map(
  ([
    createDeliveryStream, deleteDeliveryStream, describeDeliveryStream, listDeliveryStreams, listTagsForDeliveryStream,
    putRecord, putRecordBatch, startDeliveryStreamEncryption, stopDeliveryStreamEncryption, tagDeliveryStream,
    untagDeliveryStream, updateDestination,
  ] as Operation<never, unknown>[]).map((operation) => [operation.name, operation]),
);
