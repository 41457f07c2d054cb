import { createRequire } from 'node:module';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { readBody, type ServiceHandler, type ServiceStatus } from '../shared/index.js';
import { replayRequest } from './replay.js';
import { decodeTagText, encodeTagText } from './kinesis-tags.js';

const require = createRequire(import.meta.url);
const TAG_OPERATIONS = new Set(['AddTagsToStream', 'RemoveTagsFromStream', 'ListTagsForStream']);

export interface KinesisEngineOptions {
  /** LevelDB folder for persistence; in-memory when absent. */
  path?: string;
  /** CREATING → ACTIVE and friends; kinesalite defaults to 500 ms, which only slows tests. */
  streamTransitionMs?: number;
  shardLimit?: number;
}

/**
 * The Kinesis engine: kinesalite embedded in-process. kinesalite speaks JSON and CBOR, so the
 * Kinesis Agent's Java SDK works against it unchanged. We take its request listener and never
 * let it listen on a port of its own.
 */
export function createKinesisEngine(options: KinesisEngineOptions = {}): ServiceHandler {
  const kinesalite = require('kinesalite') as (options: Record<string, unknown>) => Server;
  const transitionMs = options.streamTransitionMs ?? 50;
  const server = kinesalite({
    path: options.path,
    createStreamMs: transitionMs,
    deleteStreamMs: transitionMs,
    updateStreamMs: transitionMs,
    shardLimit: options.shardLimit ?? 100,
  });
  const listener = server.listeners('request')[0] as RequestListener;
  let state: ServiceStatus = 'running';
  let closing: Promise<void> | undefined;
  return {
    name: 'kinesis',
    async handle(request: IncomingMessage, response: ServerResponse) {
      const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1];
      const json = String(request.headers['content-type'] ?? '').includes('json');
      if (!json || !operation || !TAG_OPERATIONS.has(operation)) {
        listener(request, response);
        return;
      }
      // kinesalite refuses ':' in tags, which AWS accepts (e.g. hosepipe:pipeline): store it escaped.
      const body = JSON.parse((await readBody(request, 1024 * 1024)).toString('utf8') || '{}') as Record<string, unknown>;
      if (body.Tags && typeof body.Tags === 'object') {
        body.Tags = Object.fromEntries(Object.entries(body.Tags as Record<string, string>).map(([key, value]) => [encodeTagText(key), encodeTagText(String(value))]));
      }
      if (Array.isArray(body.TagKeys)) body.TagKeys = body.TagKeys.map((key) => encodeTagText(String(key)));
      if (typeof body.ExclusiveStartTagKey === 'string') body.ExclusiveStartTagKey = encodeTagText(body.ExclusiveStartTagKey);
      if (operation === 'ListTagsForStream') decodeTagsInAnswer(response);
      listener(replayRequest(request, Buffer.from(JSON.stringify(body))), response);
    },
    status: () => state,
    close() {
      // kinesalite's close() shuts its LevelDB store, then complains that the (never started) server is not running.
      closing ??= new Promise<void>((resolve) => {
        state = 'disabled';
        server.close(() => resolve());
      });
      return closing;
    },
  };
}

function decodeTagsInAnswer(response: ServerResponse): void {
  const end = response.end.bind(response) as (body?: unknown) => ServerResponse;
  response.end = ((body?: unknown) => {
    if (response.statusCode !== 200 || body === undefined || body === null) return end(body);
    const answer = JSON.parse(String(body)) as { Tags?: { Key: string; Value?: string }[] };
    answer.Tags = answer.Tags?.map((tag) => ({ Key: decodeTagText(tag.Key), ...(tag.Value === undefined ? {} : { Value: decodeTagText(tag.Value) }) }));
    const text = JSON.stringify(answer);
    response.setHeader('Content-Length', Buffer.byteLength(text));
    return end(text);
  }) as ServerResponse['end'];
}
