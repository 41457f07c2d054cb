import type { CreateStreamInput } from '@aws-sdk/client-kinesis';
import { defineOperation } from '../context.js';
import { limitExceeded, streamExists } from '../errors.js';
import { evenRanges } from '../hash-key.js';
import { DEFAULT_RETENTION_HOURS } from '../stream.js';
import { required, STREAM_MODE_DETAILS, STREAM_NAME } from '../shapes.js';
import { checkTags, TAG_MAP } from './tag-rules.js';

/** Kinesis gives a new on-demand stream 4 shards; an account may have 50 on-demand streams per region. */
export const ON_DEMAND_INITIAL_SHARDS = 4;
export const ON_DEMAND_STREAM_LIMIT = 50;

/**
 * UNCONFIRMED: a CreateStream with neither ShardCount nor StreamModeDetails makes an ON_DEMAND stream
 * (ShardCount became optional with on-demand mode); a ShardCount sent with ON_DEMAND is ignored.
 */
export const createStream = defineOperation<CreateStreamInput, void>({
  name: 'CreateStream',
  members: {
    StreamName: required(STREAM_NAME),
    ShardCount: { type: 'integer', range: [1, Number.MAX_SAFE_INTEGER] },
    StreamModeDetails: STREAM_MODE_DETAILS,
    Tags: TAG_MAP,
  },
  run(input, { scope, store }) {
    const name = input.StreamName!;
    if (store.find(scope, name)) throw streamExists(name, scope.accountId);
    const mode = input.StreamModeDetails?.StreamMode ?? (input.ShardCount === undefined ? 'ON_DEMAND' : 'PROVISIONED');
    const shards = mode === 'ON_DEMAND' ? ON_DEMAND_INITIAL_SHARDS : input.ShardCount!;
    if (input.Tags) checkTags(input.Tags, name, scope.accountId, 'add');
    const open = store.openShardCount(scope);
    if (open + shards > store.shardLimit) {
      throw limitExceeded(`This request would exceed the shard limit for the account ${scope.accountId} in ${scope.region}. Current shard count for the account: ${open}. Limit: ${store.shardLimit}. Number of additional shards that would have resulted from this request: ${shards}. Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.`);
    }
    if (mode === 'ON_DEMAND' && store.streamsIn(scope).filter((stream) => stream.settings.mode === 'ON_DEMAND').length >= ON_DEMAND_STREAM_LIMIT) {
      throw limitExceeded(`This request would exceed the limit of ${ON_DEMAND_STREAM_LIMIT} on-demand streams for the account ${scope.accountId} in ${scope.region}.`);
    }
    store.create({
      name, accountId: scope.accountId, region: scope.region, createdMs: store.now(), status: 'CREATING', retentionHours: DEFAULT_RETENTION_HOURS,
      mode, encryptionType: 'NONE', tags: { ...(input.Tags ?? {}) }, shardLevelMetrics: [],
    }, evenRanges(shards));
  },
});
