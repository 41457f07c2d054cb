import { hash } from 'node:crypto';

/** 2^128: hash keys are 128-bit unsigned integers. */
export const HASH_KEY_SPACE = 1n << 128n;
const HEX_DIGITS = 32;

/** Pure: a hash key (0 … 2^128-1) as 32 hex digits, whose text order is numeric order. */
export const hashKeyHex = (key: bigint): string => key.toString(16).padStart(HEX_DIGITS, '0');

/** Pure: the 128-bit key Kinesis places a record by: MD5 of the partition key, or the explicit hash key. */
export function recordHashKeyHex(partitionKey: string, explicitHashKey?: string): string {
  if (explicitHashKey !== undefined) return hashKeyHex(BigInt(explicitHashKey));
  return hash('md5', partitionKey, 'hex');
}

/** Pure: the same key as a number. */
export const recordHashKey = (partitionKey: string, explicitHashKey?: string): bigint => BigInt(`0x${recordHashKeyHex(partitionKey, explicitHashKey)}`);

/** Pure: `count` ranges that split the whole hash-key space evenly, as CreateStream and UpdateShardCount make them. */
export function evenRanges(count: number): { start: bigint; end: bigint }[] {
  const width = HASH_KEY_SPACE / BigInt(count);
  return Array.from({ length: count }, (_, index) => ({
    start: width * BigInt(index),
    end: index === count - 1 ? HASH_KEY_SPACE - 1n : width * BigInt(index + 1) - 1n,
  }));
}
