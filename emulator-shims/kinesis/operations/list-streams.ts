import type { ListStreamsInput, ListStreamsOutput } from '@aws-sdk/client-kinesis';
import { defineOperation } from '../context.js';
import { describeListed } from '../describe.js';
import { decodeListToken, encodeListToken } from '../list-token.js';
import { NEXT_TOKEN, STREAM_NAME } from '../shapes.js';

/** Streams per page when the request gives no Limit, and at most. */
export const DEFAULT_LIST_LIMIT = 100;

export const listStreams = defineOperation<ListStreamsInput, ListStreamsOutput>({
  name: 'ListStreams',
  members: { Limit: { type: 'integer', range: [1, 10_000] }, ExclusiveStartStreamName: STREAM_NAME, NextToken: NEXT_TOKEN },
  run(input, { scope, store }) {
    const now = store.now();
    const after = input.NextToken === undefined ? input.ExclusiveStartStreamName : decodeListToken(store.tokenKey, input.NextToken, 'streams', scope, now).after;
    const streams = store.streamsIn(scope).filter((stream) => after === undefined || stream.name > after);
    const limit = Math.min(input.Limit ?? DEFAULT_LIST_LIMIT, DEFAULT_LIST_LIMIT);
    const page = streams.slice(0, limit);
    const more = streams.length > limit;
    return {
      StreamNames: page.map((stream) => stream.name),
      HasMoreStreams: more,
      StreamSummaries: page.map(describeListed),
      ...(more ? { NextToken: encodeListToken(store.tokenKey, { kind: 'streams', accountId: scope.accountId, region: scope.region, after: page.at(-1)!.name, issuedMs: now }) } : {}),
    };
  },
});
