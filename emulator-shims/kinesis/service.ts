/** The Kinesis service: JSON 1.1 and CBOR requests dispatched over the operation table, on one store. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError, sendAwsError, type CallContext, type ServiceHandler, type ServiceStatus } from '../shared/index.js';
import { encodeCbor } from './cbor.js';
import type { OperationContext } from './context.js';
import { requestTooLarge, unknownOperation } from './errors.js';
import { OPERATIONS } from './operations/index.js';
import { decodeBody, MAX_REQUEST_BYTES, readCappedBody, sendAnswer, wireFormat } from './protocol.js';
import { createShardQuotas, type ShardQuotas } from './quotas.js';
import { createKinesisRecords, type KinesisRecords } from './records.js';
import { decodeIterator } from './shard-iterator.js';
import { KinesisStore, type KinesisStoreOptions } from './store.js';
import { streamArn } from './stream.js';
import { readInput } from './validation.js';

export interface KinesisServiceOptions extends KinesisStoreOptions {
  /** Per-shard write/read quotas answered with ProvisionedThroughputExceededException; off by default. */
  enforceQuotas?: boolean;
  /** The clock quota buckets refill on (the edge's emulator clock); `now` otherwise. */
  quotaNow?: () => number;
}

export interface KinesisService extends ServiceHandler {
  readonly name: 'kinesis';
  readonly store: KinesisStore;
  /** The same operations in-process, without HTTP (for the endpoint's own readers and writers). */
  readonly records: KinesisRecords;
  /** The ARN of the stream an iterator this store issued reads, so the edge's IAM step can evaluate GetRecords on it; undefined for any other string. */
  iteratorStream(iterator: string): string | undefined;
}

const TARGET_PREFIX = 'Kinesis_20131202.';

export function createKinesisService(options: KinesisServiceOptions = {}): KinesisService {
  const store = new KinesisStore(options);
  const quotas: ShardQuotas | undefined = options.enforceQuotas ? createShardQuotas(options.quotaNow ?? store.now) : undefined;
  let closed = false;

  const handle = async (request: IncomingMessage, response: ServerResponse, call: CallContext): Promise<void> => {
    const format = wireFormat(request);
    try {
      if (closed) throw new AwsError('ServiceUnavailableException', 'The Kinesis service is shutting down.', 503);
      if (request.method !== 'POST') throw new AwsError('AccessDeniedException', 'Unable to determine service/operation name to be authorized', 403);
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.startsWith(TARGET_PREFIX) ? OPERATIONS.get(target.slice(TARGET_PREFIX.length)) : undefined;
      if (!operation) throw unknownOperation();
      if (!format) throw new AwsError('UnknownOperationException', '', 404);
      const body = await readCappedBody(request, MAX_REQUEST_BYTES);
      if (!body) throw requestTooLarge(MAX_REQUEST_BYTES);
      const input = (format === 'json' ? operation.readBody?.(body) : undefined) ?? readInput(decodeBody(body, format), operation.members);
      const context: OperationContext = { operation: operation.name, scope: call.scope, callerArn: call.principal?.arn ?? `arn:aws:iam::${call.scope.accountId}:root`, store, quotas };
      sendAnswer(response, format, operation.run(input as never, context), operation.plainAnswer);
    } catch (error) {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      // What the client still sends is read and dropped, so the connection stays usable.
      if (!request.complete) request.resume();
      sendAwsError(response, error, format === 'cbor' ? 'awsCbor' : 'awsJson', { encodeCbor });
    }
  };

  return {
    name: 'kinesis',
    store,
    records: createKinesisRecords(store, quotas),
    iteratorStream(iterator) {
      const at = decodeIterator(store.tokenKey, iterator);
      return at && streamArn({ accountId: at.accountId, region: at.region }, at.stream);
    },
    handle,
    status: (): ServiceStatus => (closed ? 'disabled' : 'running'),
    close() {
      closed = true;
      store.close();
      return Promise.resolve();
    },
  };
}
