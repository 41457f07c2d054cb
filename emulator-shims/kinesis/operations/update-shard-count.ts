import type { UpdateShardCountInput, UpdateShardCountOutput } from '@aws-sdk/client-kinesis';
import { defineOperation, findStream, requireActive } from '../context.js';
import { invalidArgument } from '../errors.js';
import { evenRanges } from '../hash-key.js';
import { STREAM_MEMBERS } from '../shapes.js';
import { checkShardLimit, startUpdate } from './reshard-rules.js';

/**
 * UNIFORM_SCALING: every open shard is closed and `TargetShardCount` shards split the hash-key space
 * evenly, each the child of the old shards it overlaps (the first as parent, the next as adjacent
 * parent). Kinesis allows between half and double the open shards per call; wording UNCONFIRMED.
 */
export const updateShardCount = defineOperation<UpdateShardCountInput, UpdateShardCountOutput>({
  name: 'UpdateShardCount',
  members: {
    ...STREAM_MEMBERS,
    TargetShardCount: { type: 'integer', required: true, range: [1, Number.MAX_SAFE_INTEGER] },
    ScalingType: { type: 'string', required: true, enum: ['UNIFORM_SCALING'] },
  },
  run(input, context) {
    const stream = requireActive(findStream(context, input));
    if (stream.settings.mode === 'ON_DEMAND') throw invalidArgument(`UpdateShardCount is not supported for stream ${stream.name} in ON_DEMAND capacity mode.`);
    const open = stream.openShards.sort((a, b) => (a.shape.start < b.shape.start ? -1 : 1));
    const target = input.TargetShardCount!;
    const answer = { StreamName: stream.name, StreamARN: stream.arn, CurrentShardCount: open.length, TargetShardCount: target };
    if (target > open.length * 2) {
      throw invalidArgument(`UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: ${open.length} Target shard count: ${target}`);
    }
    if (target < Math.ceil(open.length / 2)) {
      throw invalidArgument(`UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: ${open.length} Target shard count: ${target}`);
    }
    if (target === open.length) return answer;
    checkShardLimit(context, target - open.length);
    const now = context.store.now();
    for (const shard of open) shard.close(now);
    for (const range of evenRanges(target)) {
      const parents = open.filter((shard) => shard.shape.start <= range.end && shard.shape.end >= range.start);
      stream.addShard({
        createdMs: now, ...range,
        ...(parents[0] ? { parentId: parents[0].id } : {}),
        ...(parents[1] ? { adjacentParentId: parents[1].id } : {}),
      });
    }
    startUpdate(context, stream);
    return answer;
  },
});
