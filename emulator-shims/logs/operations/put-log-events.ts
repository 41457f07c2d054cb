import type { PutLogEventsRequest, PutLogEventsResponse, RejectedLogEventsInfo } from '@aws-sdk/client-cloudwatch-logs';
import { invalidParameter } from '../errors.js';
import { DAY_MS, eventSize, retentionCutoff } from '../store/model.js';
import { LOG_GROUP_NAME, LOG_STREAM_NAME, required, TIME } from '../validation.js';
import { defineOperation, requireGroup, requireStream } from './context.js';

/** Per event: its UTF-8 message and 26 bytes (PutLogEvents reference). */
export const MAX_EVENT_BYTES = 262_144;
export const MAX_BATCH_BYTES = 1_048_576;
export const MAX_BATCH_EVENTS = 10_000;
const FUTURE_MS = 2 * 3_600_000;
const PAST_MS = 14 * DAY_MS;

export const putLogEvents = defineOperation<PutLogEventsRequest, PutLogEventsResponse>({
  table: {
    logGroupName: required(LOG_GROUP_NAME),
    logStreamName: required(LOG_STREAM_NAME),
    logEvents: { required: true, type: 'list', length: [1, MAX_BATCH_EVENTS] },
    'logEvents[]': { required: true, type: 'object' },
    'logEvents[].timestamp': required(TIME),
    'logEvents[].message': { required: true, type: 'string', length: [1, MAX_EVENT_BYTES] },
    sequenceToken: { type: 'string', length: [1, 4096] },
    entity: { type: 'object' },
  },
  run(input, context) {
    const events = input.logEvents as { timestamp: number; message: string }[];
    let batchBytes = 0;
    for (const event of events) {
      const size = eventSize(event.message);
      if (size > MAX_EVENT_BYTES) throw invalidParameter(`Log event too large: ${size} bytes exceeds limit of ${MAX_EVENT_BYTES}`);
      batchBytes += size;
    }
    if (batchBytes > MAX_BATCH_BYTES) throw invalidParameter(`Upload too large: ${batchBytes} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
    for (let index = 1; index < events.length; index += 1) {
      if (events[index]!.timestamp < events[index - 1]!.timestamp) throw invalidParameter('Log events in a single PutLogEvents request must be in chronological order.');
    }
    const group = requireGroup(context, input.logGroupName);
    const stream = requireStream(group, input.logStreamName);
    const now = context.now();
    // Events are in time order: the too old and expired ones lead, the too new ones trail.
    const tooOldEnd = events.findIndex((event) => event.timestamp >= now - PAST_MS);
    const cutoff = retentionCutoff(group, now);
    const expiredEnd = cutoff === undefined ? 0 : events.findIndex((event) => event.timestamp >= cutoff);
    const tooNewStart = events.findIndex((event) => event.timestamp > now + FUTURE_MS);
    const from = Math.max(tooOldEnd === -1 ? events.length : tooOldEnd, expiredEnd === -1 ? events.length : expiredEnd);
    const to = tooNewStart === -1 ? events.length : tooNewStart;
    const accepted = from < to ? events.slice(from, to) : [];
    if (accepted.length > 1 && accepted.at(-1)!.timestamp - accepted[0]!.timestamp > DAY_MS) {
      throw invalidParameter('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
    }
    context.store.append(stream, accepted, now);
    const rejected: RejectedLogEventsInfo = {
      ...(tooNewStart === -1 ? {} : { tooNewLogEventStartIndex: tooNewStart }),
      ...(tooOldEnd > 0 || tooOldEnd === -1 ? { tooOldLogEventEndIndex: tooOldEnd === -1 ? events.length : tooOldEnd } : {}),
      ...(cutoff !== undefined && expiredEnd !== 0 ? { expiredLogEventEndIndex: expiredEnd === -1 ? events.length : expiredEnd } : {}),
    };
    return { nextSequenceToken: String(now), ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}) };
  },
});
