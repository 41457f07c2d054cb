/**
 * Shard iterators: opaque base64 tokens, sealed by the store (a forged or damaged one is "Invalid
 * ShardIterator."), naming the account, region, stream (and its creation instant, so a stream deleted
 * and created again does not take its predecessor's iterators), shard, the position to read next and
 * when the iterator was issued (Kinesis iterators expire after 5 minutes).
 */
import type { Scope } from '../shared/index.js';
import { openToken, sealToken } from './sealed-token.js';

export const ITERATOR_LIFETIME_MS = 300_000;
const VERSION = 1;

export interface IteratorPosition {
  accountId: string;
  region: string;
  stream: string;
  streamCreatedMs: number;
  shardIndex: number;
  position: number;
  issuedMs: number;
}

/** Pure (key given): the iterator for a position. */
export function encodeIterator(key: Buffer, at: IteratorPosition): string {
  const texts = [at.accountId, at.region, at.stream].map((text) => Buffer.from(text, 'utf8'));
  const payload = Buffer.allocUnsafe(29 + texts.reduce((sum, text) => sum + 1 + text.length, 0));
  payload.writeUInt8(VERSION, 0);
  payload.writeDoubleBE(at.issuedMs, 1);
  payload.writeDoubleBE(at.streamCreatedMs, 9);
  payload.writeUInt32BE(at.shardIndex, 17);
  payload.writeDoubleBE(at.position, 21);
  let offset = 29;
  for (const text of texts) {
    payload.writeUInt8(text.length, offset);
    text.copy(payload, offset + 1);
    offset += 1 + text.length;
  }
  return sealToken(key, payload);
}

/** The position an iterator this store issued holds; undefined for anything else. Expiry is the caller's check. */
export function decodeIterator(key: Buffer, iterator: string): IteratorPosition | undefined {
  const payload = openToken(key, iterator);
  if (!payload || payload.length < 32 || payload.readUInt8(0) !== VERSION) return undefined;
  const texts: string[] = [];
  let offset = 29;
  for (let index = 0; index < 3; index += 1) {
    const length = payload.readUInt8(offset);
    if (offset + 1 + length > payload.length) return undefined;
    texts.push(payload.toString('utf8', offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  const position = payload.readDoubleBE(21);
  if (offset !== payload.length || !Number.isSafeInteger(position) || position < 0) return undefined;
  return {
    accountId: texts[0]!,
    region: texts[1]!,
    stream: texts[2]!,
    streamCreatedMs: payload.readDoubleBE(9),
    shardIndex: payload.readUInt32BE(17),
    position,
    issuedMs: payload.readDoubleBE(1),
  };
}

/** True when the iterator was issued for this account and region. */
export const issuedFor = (at: IteratorPosition, scope: Scope): boolean => at.accountId === scope.accountId && at.region === scope.region;
