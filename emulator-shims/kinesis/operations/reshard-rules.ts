/** What SplitShard, MergeShards and UpdateShardCount share: finding open shards and the shard limit. */
import type { OperationContext } from '../context.js';
import { couldNotFindShard, invalidArgument, limitExceeded } from '../errors.js';
import { shardIndexOf, type Shard } from '../shard.js';
import type { Stream } from '../stream.js';

/** An open shard of the stream named by `shardId`. */
export function requireOpenShard(stream: Stream, shardId: string, accountId: string, verb: 'merging' | 'splitting'): Shard {
  const index = shardIndexOf(shardId);
  const shard = index === undefined ? undefined : stream.shard(index);
  if (!shard) throw couldNotFindShard(shardId, stream.name, accountId);
  if (!shard.open) {
    throw invalidArgument(`Shard ${shard.id} in stream ${stream.name} under account ${accountId} has already been merged or split, and thus is not eligible for ${verb}`);
  }
  return shard;
}

/** Refuses a change that would take the account's open shards in this region past the limit. */
export function checkShardLimit(context: OperationContext, added: number): void {
  const { scope, store } = context;
  const open = store.openShardCount(scope);
  if (open + added > store.shardLimit) {
    throw limitExceeded(`This request would exceed the shard limit for the account ${scope.accountId} in ${scope.region}. Current shard count for the account: ${open}. Limit: ${store.shardLimit}. Number of additional shards that would have resulted from this request: ${added}. Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.`);
  }
}

/**
 * The stream is UPDATING until the transition delay passes. The new shards exist at once, so records
 * put meanwhile go to them (on AWS the parents take writes until the reshard completes).
 */
export function startUpdate(context: OperationContext, stream: Stream): void {
  stream.settings.status = 'UPDATING';
  context.store.save(stream);
  context.store.settle(stream);
}
