import type { DescribeLimitsInput, DescribeLimitsOutput } from '@aws-sdk/client-kinesis';
import { defineOperation } from '../context.js';
import { ON_DEMAND_STREAM_LIMIT } from './create-stream.js';

export const describeLimits = defineOperation<DescribeLimitsInput, DescribeLimitsOutput>({
  name: 'DescribeLimits',
  members: {},
  run(_input, { scope, store }) {
    const streams = store.streamsIn(scope);
    return {
      ShardLimit: store.shardLimit,
      OpenShardCount: store.openShardCount(scope),
      OnDemandStreamCount: streams.filter((stream) => stream.settings.mode === 'ON_DEMAND').length,
      OnDemandStreamCountLimit: ON_DEMAND_STREAM_LIMIT,
    };
  },
});
