/**
 * NextTokens of ListShards and ListStreams: the listing's scope, where it stopped and when it was issued,
 * sealed by the store. Kinesis tokens expire after 300 seconds (ExpiredNextTokenException).
 */
import type { Scope } from '../shared/index.js';
import { expiredNextToken, invalidNextToken } from './errors.js';
import { openToken, sealToken } from './sealed-token.js';

export const NEXT_TOKEN_LIFETIME_MS = 300_000;

export interface ListPosition {
  kind: 'shards' | 'streams';
  accountId: string;
  region: string;
  /** The stream a shard listing reads (with its creation instant), unused for streams. */
  stream?: string;
  streamCreatedMs?: number;
  /** The last shard id or stream name answered. */
  after: string;
  /** The ShardFilter of the first page, carried on. */
  filter?: { Type: string; ShardId?: string; TimestampMs?: number };
  issuedMs: number;
}

export const encodeListToken = (key: Buffer, position: ListPosition): string => sealToken(key, Buffer.from(JSON.stringify(position)));

/** The position of a token this store issued for `kind` in this scope, unexpired; InvalidArgument or ExpiredNextToken otherwise. */
export function decodeListToken(key: Buffer, token: string, kind: ListPosition['kind'], scope: Scope, nowMs: number): ListPosition {
  const payload = openToken(key, token);
  let position: ListPosition | undefined;
  try {
    position = payload ? (JSON.parse(payload.toString('utf8')) as ListPosition) : undefined;
  } catch {
    position = undefined;
  }
  if (!position || position.kind !== kind || position.accountId !== scope.accountId || position.region !== scope.region) throw invalidNextToken();
  if (nowMs - position.issuedMs > NEXT_TOKEN_LIFETIME_MS) throw expiredNextToken();
  return position;
}
