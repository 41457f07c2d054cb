import type { SplitShardInput } from '@aws-sdk/client-kinesis';
import { defineOperation, findStream, requireActive } from '../context.js';
import { invalidArgument } from '../errors.js';
import { HASH_KEY, required, SHARD_ID, STREAM_MEMBERS } from '../shapes.js';
import { checkShardLimit, requireOpenShard, startUpdate } from './reshard-rules.js';

export const splitShard = defineOperation<SplitShardInput, void>({
  name: 'SplitShard',
  members: { ...STREAM_MEMBERS, ShardToSplit: required(SHARD_ID), NewStartingHashKey: required(HASH_KEY) },
  run(input, context) {
    const { accountId } = context.scope;
    const stream = requireActive(findStream(context, input));
    const shard = requireOpenShard(stream, input.ShardToSplit!, accountId, 'splitting');
    checkShardLimit(context, 1);
    const key = BigInt(input.NewStartingHashKey!);
    const { start, end } = shard.shape;
    if (key <= start + 1n || key >= end) {
      throw invalidArgument(`NewStartingHashKey ${input.NewStartingHashKey} used in SplitShard() on shard ${shard.id} in stream ${stream.name} under account ${accountId} is not both greater than one plus the shard's StartingHashKey ${start} and less than the shard's EndingHashKey ${end}.`);
    }
    const now = context.store.now();
    shard.close(now);
    stream.addShard({ createdMs: now, start, end: key - 1n, parentId: shard.id });
    stream.addShard({ createdMs: now, start: key, end, parentId: shard.id });
    startUpdate(context, stream);
  },
});
