import type {
  CreateLogStreamRequest, DeleteLogStreamRequest, DescribeLogStreamsRequest, DescribeLogStreamsResponse, FilterLogEventsRequest, FilterLogEventsResponse,
  GetLogEventsRequest, GetLogEventsResponse, PutLogEventsRequest, PutLogEventsResponse,
} from '@aws-sdk/client-cloudwatch-logs';
import { checkLogStreamName, invalidParameter, resourceAlreadyExists, resourceNotFound } from '../errors.js';
import { MAX_EVENTS_PER_STREAM, type LogStream } from '../store.js';
import { requireGroup, type LogsContext } from './log-groups.js';

function requireStream(context: LogsContext, groupName: unknown, streamName: unknown): LogStream {
  const stream = requireGroup(context, groupName).streams[checkLogStreamName(streamName)];
  if (!stream) throw resourceNotFound('The specified log stream does not exist.');
  return stream;
}

export function createLogStream(context: LogsContext, input: CreateLogStreamRequest): Record<string, never> {
  const group = requireGroup(context, input.logGroupName);
  const name = checkLogStreamName(input.logStreamName);
  if (group.streams[name]) throw resourceAlreadyExists('The specified log stream already exists');
  group.streams[name] = { name, creationTime: context.now(), events: [] };
  context.store.save();
  return {};
}

export function deleteLogStream(context: LogsContext, input: DeleteLogStreamRequest): Record<string, never> {
  const group = requireGroup(context, input.logGroupName);
  requireStream(context, input.logGroupName, input.logStreamName);
  delete group.streams[input.logStreamName!];
  context.store.save();
  return {};
}

export function describeLogStreams(context: LogsContext, input: DescribeLogStreamsRequest): DescribeLogStreamsResponse {
  const group = requireGroup(context, input.logGroupName);
  const streams = Object.values(group.streams).filter((s) => !input.logStreamNamePrefix || s.name.startsWith(input.logStreamNamePrefix));
  streams.sort((a, b) => (input.orderBy === 'LastEventTime' ? lastEvent(a) - lastEvent(b) : a.name.localeCompare(b.name)));
  if (input.descending) streams.reverse();
  return {
    logStreams: streams.slice(0, input.limit ?? 50).map((stream) => ({
      logStreamName: stream.name,
      creationTime: stream.creationTime,
      arn: `${group.arn}:log-stream:${stream.name}`,
      storedBytes: 0,
      ...(stream.events.length > 0 ? { firstEventTimestamp: stream.events[0]!.timestamp, lastEventTimestamp: lastEvent(stream), lastIngestionTime: stream.events.at(-1)!.ingestionTime } : {}),
    })),
  };
}

function lastEvent(stream: LogStream): number {
  return stream.events.at(-1)?.timestamp ?? stream.creationTime;
}

export function putLogEvents(context: LogsContext, input: PutLogEventsRequest): PutLogEventsResponse {
  const stream = requireStream(context, input.logGroupName, input.logStreamName);
  const events = input.logEvents ?? [];
  if (events.length === 0 || events.length > 10_000) throw invalidParameter('1 validation error detected: Value at \'logEvents\' failed to satisfy constraint: Member must have length between 1 and 10000');
  for (let index = 1; index < events.length; index++) {
    if ((events[index]!.timestamp ?? 0) < (events[index - 1]!.timestamp ?? 0)) throw invalidParameter('Log events in a single PutLogEvents request must be in chronological order.');
  }
  const ingestionTime = context.now();
  for (const event of events) stream.events.push({ timestamp: event.timestamp ?? ingestionTime, message: event.message ?? '', ingestionTime });
  if (stream.events.length > MAX_EVENTS_PER_STREAM) stream.events.splice(0, stream.events.length - MAX_EVENTS_PER_STREAM);
  context.store.save();
  return { nextSequenceToken: String(ingestionTime) };
}

export function getLogEvents(context: LogsContext, input: GetLogEventsRequest): GetLogEventsResponse {
  const stream = requireStream(context, input.logGroupName, input.logStreamName);
  const selected = stream.events.filter((event) => (input.startTime === undefined || event.timestamp >= input.startTime) && (input.endTime === undefined || event.timestamp < input.endTime));
  const limit = input.limit ?? 10_000;
  const page = input.startFromHead ? selected.slice(0, limit) : selected.slice(-limit);
  return { events: page.map((event) => ({ ...event })), nextForwardToken: `f/${stream.events.length}`, nextBackwardToken: 'b/0' };
}

export function filterLogEvents(context: LogsContext, input: FilterLogEventsRequest): FilterLogEventsResponse {
  const group = requireGroup(context, input.logGroupName ?? input.logGroupIdentifier);
  // Simplified filter patterns: plain terms must all appear in the message (CloudWatch's term matching).
  const terms = (input.filterPattern ?? '').split(/\s+/).filter(Boolean).map((term) => term.replace(/^"|"$/g, ''));
  const events = Object.values(group.streams)
    .filter((stream) => (!input.logStreamNames || input.logStreamNames.includes(stream.name)) && (!input.logStreamNamePrefix || stream.name.startsWith(input.logStreamNamePrefix)))
    .flatMap((stream) => stream.events.map((event) => ({ ...event, logStreamName: stream.name, eventId: `${stream.name}/${event.ingestionTime}/${event.timestamp}` })))
    .filter((event) => (input.startTime === undefined || event.timestamp >= input.startTime) && (input.endTime === undefined || event.timestamp <= input.endTime))
    .filter((event) => terms.every((term) => event.message.includes(term)))
    .sort((a, b) => a.timestamp - b.timestamp);
  return { events: events.slice(0, input.limit ?? 10_000), searchedLogStreams: [] };
}
