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

// Decimal digits of one part: four parts of 14 digits hold 56, and a part plus a carry stays a safe integer.
const PART_DIGITS = 14;
const PART = 10n ** BigInt(PART_DIGITS);
const PART_NUMBER = Number(PART);
/** The value one position adds (1 << POSITION_SHIFT), as the four 14-digit parts, most significant first. */
const STEP_PARTS = toParts(1n << POSITION_SHIFT);

function toParts(value: bigint): number[] {
  const parts = [0, 0, 0, 0];
  for (let index = 3; index >= 0; index -= 1) {
    parts[index] = Number(value % PART);
    value /= PART;
  }
  return parts;
}

/**
 * Pure: the sequence numbers of `count` records at consecutive positions from `first` that arrived at
 * `arrivalMs`, each exactly formatSequence's. The first is made with BigInt; each next one adds the
 * step of one position to the decimal parts of the last, as formatting a 186-bit BigInt per record cost
 * a PutRecords of 500 records about a millisecond.
 */
export function formatSequenceRun(base: bigint, first: number, count: number, arrivalMs: number): string[] {
  const numbers: string[] = new Array(count);
  if (count === 0) return numbers;
  numbers[0] = formatSequence(base, first, arrivalMs);
  // Position bits stay below the shard number's, so adding a step is what OR-ing in the next position does.
  if (first + count - 1 >= 2 ** Number(SHARD_SHIFT - POSITION_SHIFT)) {
    for (let index = 1; index < count; index += 1) numbers[index] = formatSequence(base, first + index, arrivalMs);
    return numbers;
  }
  const parts = toParts(BigInt(numbers[0]));
  let p0 = parts[0]!;
  let p1 = parts[1]!;
  let p2 = parts[2]!;
  let p3 = parts[3]!;
  const [s0, s1, s2, s3] = STEP_PARTS as [number, number, number, number];
  for (let index = 1; index < count; index += 1) {
    p3 += s3;
    p2 += s2;
    p1 += s1;
    p0 += s0;
    if (p3 >= PART_NUMBER) { p3 -= PART_NUMBER; p2 += 1; }
    if (p2 >= PART_NUMBER) { p2 -= PART_NUMBER; p1 += 1; }
    if (p1 >= PART_NUMBER) { p1 -= PART_NUMBER; p0 += 1; }
    numbers[index] = `${p0}${String(p1).padStart(PART_DIGITS, '0')}${String(p2).padStart(PART_DIGITS, '0')}${String(p3).padStart(PART_DIGITS, '0')}`;
  }
  return numbers;
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
