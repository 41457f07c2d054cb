import type { GetLogEventsRequest, GetLogEventsResponse, OutputLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { INVALID_TOKEN, invalidParameter } from '../errors.js';
import { readEvents, readSegment } from '../store/event-reader.js';
import { comparePositions, eventSize, retentionCutoff, type Position, type StoredEvent } from '../store/model.js';
import { LOG_GROUP_IDENTIFIER, LOG_GROUP_NAME, LOG_STREAM_NAME, NEXT_TOKEN, required, TIME } from '../validation.js';
import { defineOperation, groupOf, requireStream } from './context.js';

/** A response holds at most 1 MB of events (GetLogEvents reference), and 10,000. */
export const MAX_RESPONSE_BYTES = 1_048_576;
/** How much of the files one call reads at most; the tokens continue from there. */
export const MAX_SCAN_BYTES = 64 * 1024 * 1024;

const TOKEN = /^([fb])\/(\d{1,15})-(\d{1,15})$/;
const token = (direction: 'f' | 'b', position: Position): string => `${direction}/${position.segment}-${position.offset}`;
const output = (event: StoredEvent): OutputLogEvent => ({ timestamp: event.timestamp, message: event.message, ingestionTime: event.ingestionTime });

export const getLogEvents = defineOperation<GetLogEventsRequest, GetLogEventsResponse>({
  table: {
    logGroupName: LOG_GROUP_NAME,
    logGroupIdentifier: LOG_GROUP_IDENTIFIER,
    logStreamName: required(LOG_STREAM_NAME),
    startTime: TIME,
    endTime: TIME,
    nextToken: NEXT_TOKEN,
    limit: { type: 'number', range: [1, 10_000] },
    startFromHead: { type: 'boolean' },
    unmask: { type: 'boolean' },
  },
  async run(input, context) {
    const group = groupOf(context, input);
    const stream = requireStream(group, input.logStreamName);
    let from: { direction: 'f' | 'b'; position: Position } | undefined;
    if (input.nextToken !== undefined) {
      const match = TOKEN.exec(input.nextToken);
      if (!match) throw invalidParameter(INVALID_TOKEN);
      from = { direction: match[1] as 'f' | 'b', position: { segment: Number(match[2]), offset: Number(match[3]) } };
    }
    context.store.flushStream(stream);
    const cutoff = retentionCutoff(group, context.now());
    const accepts = (event: StoredEvent): boolean => (input.startTime === undefined || event.timestamp >= input.startTime)
      && (input.endTime === undefined || event.timestamp < input.endTime) && (cutoff === undefined || event.timestamp >= cutoff);
    const limit = input.limit ?? 10_000;
    const forward = from ? from.direction === 'f' : input.startFromHead === true;

    if (forward) {
      const start = from?.position ?? { segment: 0, offset: 0 };
      const events: OutputLogEvent[] = [];
      let first: Position | undefined;
      let next = start;
      let bytes = 0;
      let scanned = 0;
      for await (const read of readEvents(stream, start)) {
        scanned += read.scanned;
        if (read.event && accepts(read.event)) {
          const size = eventSize(read.event.message);
          if (events.length >= limit || bytes + size > MAX_RESPONSE_BYTES) break;
          events.push(output(read.event));
          bytes += size;
          first ??= read.at;
        }
        next = read.next;
        if (scanned > MAX_SCAN_BYTES) break;
      }
      return { events, nextForwardToken: token('f', next), nextBackwardToken: token('b', first ?? start) };
    }

    // Backward: the newest events before the position, a segment at a time from the newest.
    const before = from?.position;
    let collected: { event: StoredEvent; at: Position; next: Position }[] = [];
    let scanned = 0;
    let reachedStart: Position | undefined;
    let collectedBytes = 0;
    for (const segment of [...stream.segments].reverse()) {
      if (before && segment.id > before.segment) continue;
      if (collected.length >= limit || collectedBytes >= MAX_RESPONSE_BYTES || scanned > MAX_SCAN_BYTES) break;
      // The newest events of the segment (up to `limit` and about one response's bytes), in order.
      const inSegment: typeof collected = [];
      let head = 0;
      let inBytes = 0;
      for await (const read of readSegment(stream, segment.id, 0)) {
        if (before && comparePositions(read.at, before) >= 0) break;
        scanned += read.scanned;
        if (scanned > MAX_SCAN_BYTES) break;
        if (!read.event || !accepts(read.event)) continue;
        inSegment.push({ event: read.event, at: read.at, next: read.next });
        inBytes += eventSize(read.event.message);
        while (inSegment.length - head > limit || (inSegment.length - head > 1 && inBytes - eventSize(inSegment[head]!.event.message) >= MAX_RESPONSE_BYTES)) {
          inBytes -= eventSize(inSegment[head]!.event.message);
          head += 1;
        }
        if (head > 4096) {
          inSegment.splice(0, head);
          head = 0;
        }
      }
      collected = [...inSegment.slice(head), ...collected].slice(-limit);
      collectedBytes += inBytes;
      reachedStart = { segment: segment.id, offset: 0 };
    }
    let bytes = 0;
    let keepFrom = collected.length;
    while (keepFrom > 0 && bytes + eventSize(collected[keepFrom - 1]!.event.message) <= MAX_RESPONSE_BYTES) {
      keepFrom -= 1;
      bytes += eventSize(collected[keepFrom]!.event.message);
    }
    collected = collected.slice(keepFrom);
    const end = stream.segments.at(-1);
    const tail = before ?? (end ? { segment: end.id, offset: end.bytes } : { segment: 0, offset: 0 });
    return {
      events: collected.map((read) => output(read.event)),
      nextForwardToken: token('f', collected.at(-1)?.next ?? tail),
      nextBackwardToken: token('b', collected[0]?.at ?? before ?? reachedStart ?? tail),
    };
  },
});
