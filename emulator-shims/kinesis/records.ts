/**
 * The Kinesis operations a reader or writer inside the endpoint needs, called in-process for an account
 * and region: the same validation, limits, quotas and errors as over HTTP, without the HTTP exchange,
 * the SDK's serialising and signing, or base64.
 */
import type {
  GetRecordsInput, GetRecordsOutput, GetShardIteratorInput, GetShardIteratorOutput, ListShardsInput, ListShardsOutput,
  PutRecordsInput, PutRecordsOutput,
} from '@aws-sdk/client-kinesis';
import type { Scope } from '../shared/index.js';
import type { Operation, OperationContext } from './context.js';
import { getRecords } from './operations/get-records.js';
import { getShardIterator } from './operations/get-shard-iterator.js';
import { listShards } from './operations/list-shards.js';
import { putRecords } from './operations/put-records.js';
import type { ShardQuotas } from './quotas.js';
import type { KinesisStore } from './store.js';
import { readInput } from './validation.js';

export interface KinesisRecords {
  putRecords(scope: Scope, input: PutRecordsInput): PutRecordsOutput;
  listShards(scope: Scope, input: ListShardsInput): ListShardsOutput;
  getShardIterator(scope: Scope, input: GetShardIteratorInput): GetShardIteratorOutput;
  getRecords(scope: Scope, input: GetRecordsInput): GetRecordsOutput;
}

export function createKinesisRecords(store: KinesisStore, quotas: ShardQuotas | undefined): KinesisRecords {
  const run = <Input, Output>(operation: Operation<Input, Output>, scope: Scope, input: Input): Output => {
    const context: OperationContext = { operation: operation.name, scope, callerArn: `arn:aws:iam::${scope.accountId}:root`, store, quotas };
    return operation.run(readInput<Input>(input, operation.members), context);
  };
  return {
    putRecords: (scope, input) => run(putRecords, scope, input),
    listShards: (scope, input) => run(listShards, scope, input),
    getShardIterator: (scope, input) => run(getShardIterator, scope, input),
    getRecords: (scope, input) => run(getRecords, scope, input),
  };
}
