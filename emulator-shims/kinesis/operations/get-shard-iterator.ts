import type { GetShardIteratorInput, GetShardIteratorOutput } from '@aws-sdk/client-kinesis';
import { defineOperation, findStream } from '../context.js';
import { invalidArgument, shardNotFound } from '../errors.js';
import { parseSequence } from '../sequence-number.js';
import { shardIndexOf, type Shard } from '../shard.js';
import { encodeIterator } from '../shard-iterator.js';
import { required, SEQUENCE_NUMBER, SHARD_ID, STREAM_MEMBERS } from '../shapes.js';
import type { Stream } from '../stream.js';

const TYPES = ['AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER', 'TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'] as const;

const wrongCombination = (type: string, withSequence: boolean): Error => invalidArgument(
  `Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified ${type} and ${withSequence ? 'also a' : 'no'} StartingSequenceNumber.`,
);

/** The position a sequence-number iterator starts at, after checking the number came from this shard. */
function sequencePosition(stream: Stream, shard: Shard, sequence: string, after: boolean, accountId: string): number {
  const parts = parseSequence(sequence);
  const invalid = (reason: string) => invalidArgument(`StartingSequenceNumber ${sequence} used in GetShardIterator on shard ${shard.id} in stream ${stream.name} under account ${accountId} is invalid${reason}.`);
  if (!parts) throw invalid('');
  if (parts.shardIndex !== shard.shape.index) {
    throw invalidArgument(`Invalid StartingSequenceNumber. It encodes shardId-${String(parts.shardIndex).padStart(12, '0')}, while it was used in a call to a shard with ${shard.id}`);
  }
  if (!shard.owns(parts)) throw invalid(' because it did not come from this stream');
  // The EndingSequenceNumber of a closed shard (and anything past the tip) reads from the tip.
  const position = parts.position >= BigInt(shard.nextPosition) ? shard.nextPosition : Number(parts.position);
  return after ? Math.min(position + 1, shard.nextPosition) : position;
}

export const getShardIterator = defineOperation<GetShardIteratorInput, GetShardIteratorOutput>({
  name: 'GetShardIterator',
  members: {
    ...STREAM_MEMBERS,
    ShardId: required(SHARD_ID),
    ShardIteratorType: { type: 'string', required: true, enum: TYPES },
    StartingSequenceNumber: SEQUENCE_NUMBER,
    Timestamp: { type: 'timestamp' },
  },
  run(input, context) {
    const { scope, store } = context;
    const stream = findStream(context, input);
    const index = shardIndexOf(input.ShardId!);
    const shard = index === undefined ? undefined : stream.shard(index);
    if (!shard) throw shardNotFound(input.ShardId!, stream.name, scope.accountId);
    const now = store.now();
    stream.trim(now);
    const type = input.ShardIteratorType!;
    const sequence = input.StartingSequenceNumber;
    let position: number;
    if (type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER') {
      if (sequence === undefined) throw wrongCombination(type, false);
      position = sequencePosition(stream, shard, sequence, type === 'AFTER_SEQUENCE_NUMBER', scope.accountId);
    } else if (sequence !== undefined && (type === 'TRIM_HORIZON' || type === 'LATEST')) {
      throw wrongCombination(type, true);
    } else if (type === 'TRIM_HORIZON') {
      position = shard.trimHorizon;
    } else if (type === 'LATEST') {
      position = shard.nextPosition;
    } else {
      const timestamp = input.Timestamp;
      if (timestamp === undefined) throw invalidArgument('Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.');
      if (timestamp.getTime() > now) {
        throw invalidArgument(`The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${timestamp.getTime()}, currentTimestampInMillis: ${now}`);
      }
      position = shard.positionAt(timestamp.getTime());
    }
    const iterator = encodeIterator(store.tokenKey, {
      accountId: scope.accountId, region: scope.region, stream: stream.name, streamCreatedMs: stream.settings.createdMs,
      shardIndex: shard.shape.index, position, issuedMs: now,
    });
    return { ShardIterator: iterator };
  },
});
