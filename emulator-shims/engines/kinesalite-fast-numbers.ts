import { hash } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface SequenceParts {
  shardCreateTime: number;
  shardIx: number;
  seqIx?: number | string;
  seqTime?: number;
  byte1?: string;
  seqRand?: string;
  version?: number;
}

interface KinesaliteDb {
  parseSequence(sequence: string): SequenceParts;
  stringifySequence(parts: SequenceParts): string;
  partitionKeyToHashKey(partitionKey: string): { comparedTo(other: unknown): number };
  shardIxToHex(shardIx: number): string;
  hosepipeFastNumbers?: boolean;
}

const DIGITS = /^\d+$/;
const HEX_DIGITS = /^[0-9a-f]+$/;
// kinesalite's bounds between its sequence-number versions.
const VERSION_0_FLOOR = 1n << 124n;
const VERSION_0_CEILING = 1n << 129n;
const VERSION_2_FLOOR = 1n << 185n;
const VERSION_2_CEILING = 3n << 184n;

const hex9 = (milliseconds: number): string => Math.floor(milliseconds / 1000).toString(16).padStart(9, '0').slice(-9);

/**
 * kinesalite does its 128-bit and 190-bit arithmetic (sequence numbers, partition-key hashes) with
 * bignumber.js, which took a third of its time on PutRecords and GetRecords. These replacements give
 * the same answers with native BigInt for the version-2 sequence numbers kinesalite writes and for
 * MD5 hash keys; anything else (the older versions it can still parse, input that is not plain
 * digits) goes to kinesalite's own functions. Applied once, before kinesalite handles a request.
 */
export function makeKinesaliteNumbersFast(): void {
  const db = require('kinesalite/db') as KinesaliteDb;
  if (db.hosepipeFastNumbers) return;
  const { parseSequence, stringifySequence } = db;

  db.parseSequence = (sequence) => {
    if (typeof sequence !== 'string' || !DIGITS.test(sequence)) return parseSequence(sequence);
    let value = BigInt(sequence);
    if (value < VERSION_0_FLOOR) value += VERSION_0_FLOOR;
    if (value < VERSION_0_CEILING || !(value > VERSION_2_FLOOR && value < VERSION_2_CEILING)) return parseSequence(sequence);
    const hex = value.toString(16);
    if (hex.at(-1) !== '2') return parseSequence(sequence);
    const seqIxHex = hex.slice(11, 27);
    let shardIxHex = hex.slice(38, 46);
    if (parseInt(seqIxHex[0]!, 16) > 7) throw new Error('Sequence index too high');
    if (parseInt(shardIxHex[0]!, 16) > 7) shardIxHex = `-${shardIxHex}`;
    const shardCreateSecs = parseInt(hex.slice(1, 10), 16);
    if (shardCreateSecs >= 16025175000) throw new Error(`Date too large: ${shardCreateSecs}`);
    return {
      shardCreateTime: shardCreateSecs * 1000,
      seqIx: BigInt(`0x${seqIxHex}`).toString(),
      byte1: hex.slice(27, 29),
      seqTime: parseInt(hex.slice(29, 38), 16) * 1000,
      shardIx: parseInt(shardIxHex, 16),
      version: 2,
    };
  };

  db.stringifySequence = (parts) => {
    if (parts.version != null && parts.version !== 2) return stringifySequence(parts);
    const seqIx = parts.seqIx || 0;
    if (!(typeof seqIx === 'number' ? Number.isSafeInteger(seqIx) && seqIx >= 0 : DIGITS.test(seqIx))) return stringifySequence(parts);
    const hex = [
      '2',
      hex9(parts.shardCreateTime),
      (parts.shardIx || 0).toString(16).slice(-1),
      BigInt(seqIx).toString(16).padStart(16, '0').slice(-16),
      parts.byte1 || '00',
      hex9(parts.seqTime || parts.shardCreateTime),
      db.shardIxToHex(parts.shardIx),
      '2',
    ].join('');
    if (!HEX_DIGITS.test(hex)) return stringifySequence(parts);
    return BigInt(`0x${hex}`).toString();
  };

  db.partitionKeyToHashKey = (partitionKey) => {
    const hashKey = BigInt(`0x${hash('md5', partitionKey, 'hex')}`);
    return {
      comparedTo(other: unknown) {
        const bound = BigInt(String(other));
        return hashKey < bound ? -1 : hashKey > bound ? 1 : 0;
      },
      toFixed: () => hashKey.toString(),
      toString: () => hashKey.toString(),
    };
  };

  db.hosepipeFastNumbers = true;
}
