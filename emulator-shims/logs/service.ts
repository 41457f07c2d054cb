import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  AwsError, readBody, sendAwsJson, sendAwsJsonError, validateInput, type CallContext, type Scope, type ServiceHandler, type ServiceStatus,
} from '../shared/index.js';
import { serializationError } from './errors.js';
import { OPERATIONS, type LogsContext } from './operations/index.js';
import { MAX_EVENT_BYTES } from './operations/put-log-events.js';
import { LogsStore, type LogsStoreOptions } from './store/logs-store.js';
import { migrateLegacyGroups } from './store/migrate.js';
import { isLogGroupName, isLogStreamName } from './validation.js';

export interface LogsServiceOptions extends Pick<LogsStoreOptions, 'maxStoredBytes' | 'maxGroups' | 'maxStreams' | 'segmentBytes'> {
  stateDir: string;
  /** Where internal appends go when the caller names no scope (the endpoint's default account and region). */
  scope: Scope;
  now?: () => number;
  /** Lines about the state folder worth a look; stderr by default. */
  warn?: (line: string) => void;
}

/** CloudWatch Logs (JSON 1.1, `Logs_20140328.*`): the subset provisioning, Lambda and Firehose use. */
export interface LogsService extends ServiceHandler {
  /**
   * Appends events as Lambda and Firehose write them (now, one per message; a message too large for
   * one event is cut to fit); creates a missing group and stream unless told not to.
   */
  append(groupName: string, streamName: string, messages: string[], options?: { createMissing?: boolean; scope?: Scope }): void;
  /** What an append would have to create first: the group (and so its stream), the stream, or nothing. */
  missing(groupName: string, streamName: string, scope?: Scope): 'group' | 'stream' | undefined;
}

const TARGET_PREFIX = 'Logs_20140328.';
// A 1 MiB PutLogEvents batch of control characters is about 6 MiB as JSON.
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

export function createLogsService(options: LogsServiceOptions): LogsService {
  const now = options.now ?? Date.now;
  const warn = options.warn ?? ((line: string) => void process.stderr.write(`hosepipe logs: ${line}\n`));
  const store = new LogsStore({ ...options, now, warn });
  migrateLegacyGroups(store, options.scope, warn);
  let state: ServiceStatus = 'running';
  let limitReported = false;
  return {
    name: 'logs',
    async handle(request: IncomingMessage, response: ServerResponse, call: CallContext) {
      try {
        const target = String(request.headers['x-amz-target'] ?? '');
        const operation = target.startsWith(TARGET_PREFIX) ? OPERATIONS.get(target.slice(TARGET_PREFIX.length)) : undefined;
        if (!operation) {
          request.resume();
          throw new AwsError('UnknownOperationException', `hosepipe's CloudWatch Logs does not support ${target.slice(0, 100) || 'this request'}`);
        }
        const body = await readBody(request, MAX_REQUEST_BYTES);
        let input: unknown;
        try {
          input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
        } catch (cause) {
          throw new AwsError('SerializationException', 'Request body is not valid JSON', 400, {}, { cause });
        }
        if (typeof input !== 'object' || input === null || Array.isArray(input)) throw serializationError(Array.isArray(input) ? 'Start of list found where not expected' : 'Expected a JSON object');
        validateInput(input, operation.table, 'InvalidParameterException');
        const context: LogsContext = { store, scope: call.scope, now };
        sendAwsJson(response, 200, await operation.run(input as never, context));
      } catch (error) {
        if (response.headersSent) response.destroy();
        else sendAwsJsonError(response, error);
      }
    },
    append(groupName, streamName, messages, appendOptions = {}) {
      const scope = appendOptions.scope ?? options.scope;
      if (!isLogGroupName(groupName) || !isLogStreamName(streamName)) return;
      const events = messages.filter((message) => message.length > 0).map((message) => ({ timestamp: now(), message: fitEvent(message) }));
      if (events.length === 0) return;
      const createMissing = appendOptions.createMissing ?? true;
      try {
        let group = store.group(scope, groupName);
        if (!group && !createMissing) return;
        group ??= store.createGroup(scope, groupName, { tags: new Map(), logGroupClass: 'STANDARD' }, now());
        let stream = group.streams.get(streamName);
        if (!stream && !createMissing) return;
        stream ??= store.createStream(group, streamName, now());
        store.append(stream, events, now());
      } catch (error) {
        if (!limitReported) warn(`events for ${groupName} / ${streamName} were not kept: ${(error as Error).message}`);
        limitReported = true;
      }
    },
    missing(groupName, streamName, scope = options.scope) {
      const group = store.group(scope, groupName);
      if (!group) return 'group';
      return group.streams.has(streamName) ? undefined : 'stream';
    },
    status: () => state,
    async close() {
      state = 'disabled';
      store.close();
    },
  };
}

/** A message cut (on a character boundary) to what one event may hold: 256 KiB less 26 bytes. */
function fitEvent(message: string): string {
  const limit = MAX_EVENT_BYTES - 26;
  if (Buffer.byteLength(message, 'utf8') <= limit) return message;
  const bytes = Buffer.from(message, 'utf8').subarray(0, limit);
  return bytes.toString('utf8').replace(/\uFFFD$/, '');
}
