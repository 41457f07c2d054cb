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

// A sequence number's last 24 decimal digits as six 4-digit limbs, least significant first (2^67, one
// position's step, is under 10^24), written through a table of every 4-digit text.
const LOW_DIGITS = 24;
const LIMBS = 6;
const LIMB = 10_000;
const LIMB_TEXT = Array.from({ length: LIMB }, (_, value) => String(value).padStart(4, '0'));
/** Fills `limbs` from the last LOW_DIGITS decimal digits of `digits`, from their character codes (no slices). */
function readLimbs(digits: string, limbs: Int32Array): void {
  const start = digits.length - LOW_DIGITS;
  for (let index = 0; index < LIMBS; index += 1) {
    const at = start + LOW_DIGITS - 4 * (index + 1);
    limbs[index] = (digits.charCodeAt(at) - 48) * 1000 + (digits.charCodeAt(at + 1) - 48) * 100 + (digits.charCodeAt(at + 2) - 48) * 10 + (digits.charCodeAt(at + 3) - 48);
  }
}
const STEP = new Int32Array(LIMBS);
readLimbs((1n << POSITION_SHIFT).toString().padStart(LOW_DIGITS, '0'), STEP);

/** The four ASCII digits of every limb value, by value, one after another. */
const LIMB_DIGITS = Buffer.from(LIMB_TEXT.join(''), 'latin1');

/**
 * formatSequence for one shard, with the same digits, made faster for the common case: the record one
 * position after the last formatted, with the same arrival (the records of one put, written or read in
 * order), is the last number plus 2^67, added to its low 24 digits in 4-digit limbs instead of turning a
 * 186-bit BigInt into decimal (about 0.75 µs a record, and every record is formatted when put and when read).
 * The text is read back flat from the digits kept in a buffer: joined from its parts, each number was a
 * tree of six string nodes, 192 bytes against 72 flat, and the numbers of the records waiting for
 * Firehose's Lambda were about a third of those records' memory (1.8 of 5 MiB in a heap snapshot of the
 * endpoint under bench/pipeline's load), which its collections of the young generation copied.
 */
export class SequenceFormatter {
  private position = Number.NaN;
  private arrivalMs = Number.NaN;
  /** The last number's digits. */
  private digits = Buffer.alloc(0);
  private readonly limbs = new Int32Array(LIMBS);

  constructor(private readonly base: bigint) {}

  format(position: number, arrivalMs: number): string {
    if (position === this.position + 1 && arrivalMs === this.arrivalMs && this.step()) {
      this.position = position;
      const { limbs, digits } = this;
      let at = digits.length - LOW_DIGITS;
      for (let index = LIMBS - 1; index >= 0; index -= 1) {
        const from = limbs[index]! * 4;
        digits[at] = LIMB_DIGITS[from]!;
        digits[at + 1] = LIMB_DIGITS[from + 1]!;
        digits[at + 2] = LIMB_DIGITS[from + 2]!;
        digits[at + 3] = LIMB_DIGITS[from + 3]!;
        at += 4;
      }
      return digits.toString('latin1');
    }
    const text = formatSequence(this.base, position, arrivalMs);
    this.position = position;
    this.arrivalMs = arrivalMs;
    if (this.digits.length !== text.length) this.digits = Buffer.alloc(text.length);
    this.digits.write(text, 'latin1');
    readLimbs(text, this.limbs);
    return text;
  }

  /** Adds 2^67 to the low digits; false, changing nothing, when that carries into the high digits (then formatted the long way). */
  private step(): boolean {
    const { limbs } = this;
    let carry = 0;
    for (let index = 0; index < LIMBS; index += 1) carry = (limbs[index]! + STEP[index]! + carry) >= LIMB ? 1 : 0;
    if (carry !== 0) return false;
    for (let index = 0; index < LIMBS; index += 1) {
      const sum = limbs[index]! + STEP[index]! + carry;
      carry = sum >= LIMB ? 1 : 0;
      limbs[index] = sum - carry * LIMB;
    }
    return true;
  }
}
