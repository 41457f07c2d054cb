import type { DescribeLogStreamsRequest, DescribeLogStreamsResponse } from '@aws-sdk/client-cloudwatch-logs';
import { invalidParameter } from '../errors.js';
import type { LogStream } from '../store/model.js';
import { LOG_GROUP_IDENTIFIER, LOG_GROUP_NAME, LOG_STREAM_NAME, NEXT_TOKEN } from '../validation.js';
import { decodeToken, defineOperation, encodeToken, groupOf } from './context.js';

const lastEvent = (stream: LogStream): number => stream.lastEventTimestamp ?? stream.creationTime;

export const describeLogStreams = defineOperation<DescribeLogStreamsRequest, DescribeLogStreamsResponse>({
  table: {
    logGroupName: LOG_GROUP_NAME,
    logGroupIdentifier: LOG_GROUP_IDENTIFIER,
    logStreamNamePrefix: LOG_STREAM_NAME,
    orderBy: { type: 'string', enum: ['LogStreamName', 'LastEventTime'] },
    descending: { type: 'boolean' },
    limit: { type: 'number', range: [1, 50] },
    nextToken: NEXT_TOKEN,
  },
  run(input, context) {
    const group = groupOf(context, input);
    const byTime = input.orderBy === 'LastEventTime';
    if (byTime && input.logStreamNamePrefix !== undefined) throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
    const streams = [...group.streams.values()].filter((stream) => input.logStreamNamePrefix === undefined || stream.name.startsWith(input.logStreamNamePrefix));
    streams.sort((a, b) => (byTime ? lastEvent(a) - lastEvent(b) || a.id - b.id : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (input.descending) streams.reverse();
    const start = input.nextToken === undefined ? 0 : decodeToken<{ index: number }>(input.nextToken, { index: 'number' }).index;
    const limit = input.limit ?? 50;
    const page = streams.slice(start, start + limit);
    return {
      logStreams: page.map((stream) => ({
        logStreamName: stream.name,
        creationTime: stream.creationTime,
        arn: `${group.arn}:log-stream:${stream.name}`,
        storedBytes: 0,
        ...(stream.firstEventTimestamp === undefined ? {} : { firstEventTimestamp: stream.firstEventTimestamp, lastEventTimestamp: stream.lastEventTimestamp, lastIngestionTime: stream.lastIngestionTime }),
      })),
      ...(start + limit < streams.length ? { nextToken: encodeToken({ index: start + limit }) } : {}),
    };
  },
});
