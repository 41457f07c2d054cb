/**
 * Kinesis's sequence-number shape: a 56-digit decimal string, increasing within a shard. Its bits are
 * hosepipe's own (AWS does not document its layout): a marker bit that keeps every value at 56 digits,
 * the shard's creation second, the shard's number, the record's position in the shard, its arrival
 * millisecond and a salt of the stream. Position dominates within a shard, so decimal order is
 * position order; creation second, shard and salt tell a number of another shard or stream apart.
 */

const MARKER = 1n << 185n;
const CREATED_SHIFT = 151n;
const SHARD_SHIFT = 131n;
const POSITION_SHIFT = 67n;
const ARRIVAL_SHIFT = 24n;
const SALT_BITS = 24n;
// Arrival milliseconds kept: 43 bits (278 years).
const ARRIVAL_SPAN = 2 ** 43;
const mask = (bits: bigint): bigint => (1n << bits) - 1n;
/** The position of a closed shard's EndingSequenceNumber: above every record's. */
export const END_POSITION = mask(64n);

export interface SequenceParts {
  createdSeconds: number;
  shardIndex: number;
  position: bigint;
  arrivalMs: number;
  salt: number;
}

/** The fixed part of every sequence number of one shard; records add their position and arrival. */
export function shardSequenceBase(createdSeconds: number, shardIndex: number, salt: number): bigint {
  return MARKER | (BigInt(createdSeconds) << CREATED_SHIFT) | (BigInt(shardIndex) << SHARD_SHIFT) | BigInt(salt);
}

/** Pure: the sequence number of a record at `position` that arrived at `arrivalMs`. */
export function formatSequence(base: bigint, position: number | bigint, arrivalMs: number): string {
  return (base | (BigInt(position) << POSITION_SHIFT) | (BigInt(Math.max(0, Math.floor(arrivalMs) % ARRIVAL_SPAN)) << ARRIVAL_SHIFT)).toString();
}

/** Pure: the parts of a sequence number this layout wrote; undefined for any other digits. */
export function parseSequence(text: string): SequenceParts | undefined {
  if (text.length !== 56 || !/^\d{56}$/.test(text)) return undefined;
  const value = BigInt(text);
  if (value >> 185n !== 1n) return undefined;
  return {
    createdSeconds: Number((value >> CREATED_SHIFT) & mask(34n)),
    shardIndex: Number((value >> SHARD_SHIFT) & mask(20n)),
    position: (value >> POSITION_SHIFT) & mask(64n),
    arrivalMs: Number((value >> ARRIVAL_SHIFT) & mask(43n)),
    salt: Number(value & mask(SALT_BITS)),
  };
}

/** Pure: a 24-bit salt of a stream (its ARN and creation instant), so streams of one name differ. */
export function streamSalt(arn: string, createdMs: number): number {
  let hash = 0x811c9dc5;
  for (const character of `${arn}@${createdMs}`) hash = Math.imul(hash ^ character.charCodeAt(0), 0x01000193);
  return (hash >>> 0) & 0xffffff;
}
