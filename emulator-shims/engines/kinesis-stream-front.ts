import type { KinesaliteAnswer } from './kinesalite-call.js';
import { encodeTagsInRequest } from './kinesis-tags.js';

type Call = (operation: string, body: Record<string, unknown>) => Promise<KinesaliteAnswer>;
type StreamMode = 'PROVISIONED' | 'ON_DEMAND';

/** The calls this front answers or completes; everything else goes straight to kinesalite. */
export const STREAM_FRONT_OPERATIONS = new Set(['CreateStream', 'DeleteStream', 'DescribeStream', 'DescribeStreamSummary', 'ListTagsForStream', 'DescribeLimits', 'UpdateStreamMode']);

// Kinesis gives a new on-demand stream 4 shards; an account may have 50 on-demand streams.
const ON_DEMAND_INITIAL_SHARDS = 4;
const ON_DEMAND_STREAM_LIMIT = 50;

export interface StreamFront {
  call(operation: string, body: Record<string, unknown>): Promise<KinesaliteAnswer>;
}

/**
 * What kinesalite predates: capacity modes (StreamModeDetails on create and in every description,
 * UpdateStreamMode), tags given to CreateStream, and DescribeLimits. Modes live in memory, per engine.
 */
export function createStreamFront(options: { call: Call; shardLimit: number; transitionMs: number }): StreamFront {
  const { call } = options;
  const modes = new Map<string, StreamMode>();
  // Tags from CreateStream (escaped for kinesalite) are added once the stream is ACTIVE: kinesalite's
  // create timer rewrites the stream record, which would drop tags added while CREATING.
  const pendingTags = new Map<string, Record<string, string>>();

  const streamName = (body: Record<string, unknown>): string | undefined => {
    if (typeof body.StreamName === 'string') return body.StreamName;
    return typeof body.StreamARN === 'string' ? body.StreamARN.split(':stream/')[1] : undefined;
  };

  const tagWhenActive = async (name: string, tags: Record<string, string>): Promise<void> => {
    for (let attempt = 0; attempt < 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(options.transitionMs, 10)));
      const summary = await call('DescribeStreamSummary', { StreamName: name });
      if (summary.status !== 200) break;
      const status = (summary.body.StreamDescriptionSummary as { StreamStatus?: string } | undefined)?.StreamStatus;
      if (status !== 'ACTIVE') continue;
      if (pendingTags.get(name) === tags) await call('AddTagsToStream', { StreamName: name, Tags: tags });
      break;
    }
    if (pendingTags.get(name) === tags) pendingTags.delete(name);
  };

  const withMode = (answer: KinesaliteAnswer, key: 'StreamDescription' | 'StreamDescriptionSummary', name: string): KinesaliteAnswer => {
    const description = answer.body[key] as Record<string, unknown> | undefined;
    if (answer.status !== 200 || !description) return answer;
    return { ...answer, body: { ...answer.body, [key]: { ...description, StreamModeDetails: { StreamMode: modes.get(name) ?? 'PROVISIONED' } } } };
  };

  const createStream = async (body: Record<string, unknown>): Promise<KinesaliteAnswer> => {
    const { Tags: tags, StreamModeDetails: details, ...rest } = body;
    const mode = (details as { StreamMode?: string } | undefined)?.StreamMode;
    if (mode !== undefined && mode !== 'PROVISIONED' && mode !== 'ON_DEMAND') {
      return validationError(`1 validation error detected: Value '${String(mode)}' at 'streamModeDetails.streamMode' failed to satisfy constraint: Member must satisfy enum value set: [ON_DEMAND, PROVISIONED]`);
    }
    const request = mode === 'ON_DEMAND' ? { ...rest, ShardCount: ON_DEMAND_INITIAL_SHARDS } : rest;
    const answer = await call('CreateStream', request);
    const name = streamName(body);
    if (answer.status !== 200 || name === undefined) return answer;
    modes.set(name, mode === 'ON_DEMAND' ? 'ON_DEMAND' : 'PROVISIONED');
    if (tags && typeof tags === 'object' && Object.keys(tags).length > 0) {
      const pending = encodeTagsInRequest({ Tags: tags }).Tags as Record<string, string>;
      pendingTags.set(name, pending);
      void tagWhenActive(name, pending).catch(() => undefined);
    }
    return answer;
  };

  const listTags = async (body: Record<string, unknown>): Promise<KinesaliteAnswer> => {
    const answer = await call('ListTagsForStream', body);
    const name = streamName(body);
    const pending = name === undefined ? undefined : pendingTags.get(name);
    if (answer.status !== 200 || !pending) return answer;
    const listed = (answer.body.Tags ?? []) as { Key: string; Value?: string }[];
    const merged = new Map(listed.map((tag) => [tag.Key, tag.Value]));
    for (const [key, value] of Object.entries(pending)) merged.set(key, value);
    return { ...answer, body: { ...answer.body, Tags: [...merged].map(([Key, Value]) => ({ Key, ...(Value === undefined ? {} : { Value }) })) } };
  };

  const describeLimits = async (): Promise<KinesaliteAnswer> => {
    const names: string[] = [];
    let more = true;
    while (more) {
      const page = await call('ListStreams', names.length > 0 ? { ExclusiveStartStreamName: names[names.length - 1] } : {});
      if (page.status !== 200) return page;
      const pageNames = (page.body.StreamNames ?? []) as string[];
      names.push(...pageNames);
      more = page.body.HasMoreStreams === true && pageNames.length > 0;
    }
    let open = 0;
    for (const name of names) {
      const summary = await call('DescribeStreamSummary', { StreamName: name });
      open += Number((summary.body.StreamDescriptionSummary as { OpenShardCount?: number } | undefined)?.OpenShardCount ?? 0);
    }
    const onDemand = names.filter((name) => modes.get(name) === 'ON_DEMAND').length;
    return { status: 200, body: { ShardLimit: options.shardLimit, OpenShardCount: open, OnDemandStreamCount: onDemand, OnDemandStreamCountLimit: ON_DEMAND_STREAM_LIMIT } };
  };

  const updateStreamMode = async (body: Record<string, unknown>): Promise<KinesaliteAnswer> => {
    const mode = (body.StreamModeDetails as { StreamMode?: string } | undefined)?.StreamMode;
    const arn = typeof body.StreamARN === 'string' ? body.StreamARN : undefined;
    if (arn === undefined) return validationError("1 validation error detected: Value null at 'streamARN' failed to satisfy constraint: Member must not be null");
    if (mode !== 'PROVISIONED' && mode !== 'ON_DEMAND') {
      return validationError(`1 validation error detected: Value '${String(mode)}' at 'streamModeDetails.streamMode' failed to satisfy constraint: Member must satisfy enum value set: [ON_DEMAND, PROVISIONED]`);
    }
    const name = streamName(body)!;
    const summary = await call('DescribeStreamSummary', { StreamName: name });
    if (summary.status !== 200) return summary;
    modes.set(name, mode);
    return { status: 200, body: {} };
  };

  return {
    async call(operation, body) {
      switch (operation) {
        case 'CreateStream':
          return createStream(body);
        case 'DescribeStream':
          return withMode(await call(operation, body), 'StreamDescription', streamName(body) ?? '');
        case 'DescribeStreamSummary':
          return withMode(await call(operation, body), 'StreamDescriptionSummary', streamName(body) ?? '');
        case 'ListTagsForStream':
          return listTags(body);
        case 'DescribeLimits':
          return describeLimits();
        case 'UpdateStreamMode':
          return updateStreamMode(body);
        case 'DeleteStream': {
          const answer = await call(operation, body);
          const name = streamName(body);
          if (answer.status === 200 && name !== undefined) {
            modes.delete(name);
            pendingTags.delete(name);
          }
          return answer;
        }
        default:
          return call(operation, body);
      }
    },
  };
}

function validationError(message: string): KinesaliteAnswer {
  return { status: 400, body: { __type: 'ValidationException', message } };
}
