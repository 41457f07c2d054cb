import type { FilterLogEventsRequest, FilterLogEventsResponse, FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { invalidParameter } from '../errors.js';
import { readEvents } from '../store/event-reader.js';
import { eventSize, retentionCutoff, type Position, type StoredEvent } from '../store/model.js';
import { LOG_GROUP_IDENTIFIER, LOG_GROUP_NAME, LOG_STREAM_NAME, NEXT_TOKEN, TIME } from '../validation.js';
import { decodeToken, defineOperation, encodeToken, groupOf } from './context.js';
import { MAX_RESPONSE_BYTES, MAX_SCAN_BYTES } from './get-log-events.js';

/**
 * The filter pattern's terms: each must appear in the message (quoted phrases as a whole). JSON,
 * space-delimited and OR/exclusion patterns are refused rather than matched wrongly.
 */
export function parseFilterTerms(pattern: string): string[] {
  const trimmed = pattern.trim();
  if (/^[{[]/.test(trimmed) || /(^|\s)[?-]\S/.test(trimmed)) {
    throw invalidParameter(`hosepipe's CloudWatch Logs matches plain terms and quoted phrases only, not the filter pattern ${JSON.stringify(trimmed.slice(0, 200))}; see docs/fidelity.md.`);
  }
  return [...trimmed.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((match) => (match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]!)).filter((term) => term.length > 0);
}

const eventId = (streamId: number, at: Position): string => `${String(streamId).padStart(10, '0')}${String(at.segment).padStart(8, '0')}${String(at.offset).padStart(12, '0')}`;

export const filterLogEvents = defineOperation<FilterLogEventsRequest, FilterLogEventsResponse>({
  table: {
    logGroupName: LOG_GROUP_NAME,
    logGroupIdentifier: LOG_GROUP_IDENTIFIER,
    logStreamNames: { type: 'list', length: [1, 100] },
    'logStreamNames[]': { required: true, ...LOG_STREAM_NAME },
    logStreamNamePrefix: LOG_STREAM_NAME,
    startTime: TIME,
    endTime: TIME,
    filterPattern: { type: 'string', length: [0, 1024] },
    nextToken: NEXT_TOKEN,
    limit: { type: 'number', range: [1, 10_000] },
    interleaved: { type: 'boolean' },
    unmask: { type: 'boolean' },
  },
  async run(input, context) {
    const group = groupOf(context, input);
    if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
      throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
    }
    const terms = parseFilterTerms(input.filterPattern ?? '');
    const resume = input.nextToken === undefined ? undefined : decodeToken<{ s: string; g: number; o: number }>(input.nextToken, { s: 'string', g: 'number', o: 'number' });
    const cutoff = retentionCutoff(group, context.now());
    const accepts = (event: StoredEvent): boolean => (input.startTime === undefined || event.timestamp >= input.startTime)
      && (input.endTime === undefined || event.timestamp <= input.endTime) && (cutoff === undefined || event.timestamp >= cutoff)
      && terms.every((term) => event.message.includes(term));
    const names = input.logStreamNames === undefined ? undefined : new Set(input.logStreamNames);
    const streams = [...group.streams.values()]
      .filter((stream) => (names === undefined || names.has(stream.name)) && (input.logStreamNamePrefix === undefined || stream.name.startsWith(input.logStreamNamePrefix)))
      .filter((stream) => resume === undefined || stream.name >= resume.s)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const limit = input.limit ?? 10_000;
    const events: FilteredLogEvent[] = [];
    let bytes = 0;
    let scanned = 0;
    let stop: { stream: string; at: Position } | undefined;
    search: for (const stream of streams) {
      context.store.flushStream(stream);
      const start = resume !== undefined && stream.name === resume.s ? { segment: resume.g, offset: resume.o } : undefined;
      for await (const read of readEvents(stream, start)) {
        scanned += read.scanned;
        if (read.event && accepts(read.event)) {
          const size = eventSize(read.event.message);
          if (events.length >= limit || bytes + size > MAX_RESPONSE_BYTES) {
            stop = { stream: stream.name, at: read.at };
            break search;
          }
          events.push({ logStreamName: stream.name, timestamp: read.event.timestamp, message: read.event.message, ingestionTime: read.event.ingestionTime, eventId: eventId(stream.id, read.at) });
          bytes += size;
        }
        // A long search answers what it found so far and a token to go on, as CloudWatch does.
        if (scanned > MAX_SCAN_BYTES) {
          stop = { stream: stream.name, at: read.next };
          break search;
        }
      }
    }
    events.sort((a, b) => a.timestamp! - b.timestamp!);
    return { events, searchedLogStreams: [], ...(stop ? { nextToken: encodeToken({ s: stop.stream, g: stop.at.segment, o: stop.at.offset }) } : {}) };
  },
});
