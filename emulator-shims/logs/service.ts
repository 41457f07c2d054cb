import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError, readBody, sendAwsJson, sendAwsJsonError, type Scope, type ServiceHandler, type ServiceStatus } from '../shared/index.js';
import { createLogStream, deleteLogStream, describeLogStreams, filterLogEvents, getLogEvents, putLogEvents } from './operations/log-events.js';
import {
  createLogGroup, deleteLogGroup, deleteRetentionPolicy, describeLogGroups, groupArn, listTagsForResource, listTagsLogGroup, putRetentionPolicy,
  tagResource, untagResource, type LogsContext,
} from './operations/log-groups.js';
import { MAX_EVENTS_PER_STREAM, openLogsStore } from './store.js';

type Operation = (context: LogsContext, input: never) => unknown;

const OPERATIONS: Record<string, Operation> = {
  CreateLogGroup: createLogGroup,
  DeleteLogGroup: deleteLogGroup,
  DescribeLogGroups: describeLogGroups,
  PutRetentionPolicy: putRetentionPolicy,
  DeleteRetentionPolicy: deleteRetentionPolicy,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
  ListTagsLogGroup: listTagsLogGroup,
  CreateLogStream: createLogStream,
  DeleteLogStream: deleteLogStream,
  DescribeLogStreams: describeLogStreams,
  PutLogEvents: putLogEvents,
  GetLogEvents: getLogEvents,
  FilterLogEvents: filterLogEvents,
};

export interface LogsServiceOptions {
  stateDir: string;
  scope: Scope;
  now?: () => number;
}

/** CloudWatch Logs (JSON 1.1, `Logs_20140328.*`): the subset provisioning, Lambda and Firehose use. */
export interface LogsService extends ServiceHandler {
  context: LogsContext;
  /** Appends events as the Lambda and Firehose services would; creates a missing group and stream unless told not to. */
  append(groupName: string, streamName: string, messages: string[], options?: { createMissing?: boolean }): void;
}

export function createLogsService(options: LogsServiceOptions): LogsService {
  const context: LogsContext = { store: openLogsStore(options.stateDir), scope: options.scope, now: options.now ?? Date.now };
  let state: ServiceStatus = 'running';
  return {
    name: 'logs',
    context,
    async handle(request: IncomingMessage, response: ServerResponse) {
      try {
        const operationName = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
        const operation = OPERATIONS[operationName];
        if (!operation) throw new AwsError('UnknownOperationException', `hosepipe's CloudWatch Logs does not support ${operationName || 'this request'}`);
        const body = (await readBody(request, 2 * 1024 * 1024)).toString('utf8');
        let input: unknown;
        try {
          input = body ? JSON.parse(body) : {};
        } catch (cause) {
          throw new AwsError('SerializationException', 'Request body is not valid JSON', 400, {}, { cause });
        }
        sendAwsJson(response, 200, operation(context, input as never));
      } catch (error) {
        sendAwsJsonError(response, error);
      }
    },
    append(groupName, streamName, messages, appendOptions = {}) {
      if (messages.length === 0) return;
      const createMissing = appendOptions.createMissing ?? true;
      const now = context.now();
      let group = context.store.groups.get(groupName);
      if (!group && !createMissing) return;
      if (!group) {
        group = { name: groupName, arn: groupArn(context.scope, groupName), creationTime: now, tags: {}, streams: {} };
        context.store.groups.set(groupName, group);
      }
      if (!group.streams[streamName] && !createMissing) return;
      const stream = (group.streams[streamName] ??= { name: streamName, creationTime: now, events: [] });
      for (const message of messages) stream.events.push({ timestamp: now, message, ingestionTime: now });
      if (stream.events.length > MAX_EVENTS_PER_STREAM) stream.events.splice(0, stream.events.length - MAX_EVENTS_PER_STREAM);
      context.store.save();
    },
    status: () => state,
    async close() {
      state = 'disabled';
      context.store.flush();
    },
  };
}
