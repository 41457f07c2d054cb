import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import type { OversizeOption, PartitionKeyOption } from './options.js';

/**
 * Record framing. A record is one log line WITH its trailing "\n", exactly like the Amazon Kinesis
 * Agent sends it, so consumers that concatenate records get the original file back.
 *
 * A line longer than one Kinesis record (1 MiB of data + partition key) is, in `split` mode, cut into
 * parts, each prefixed with
 *
 *     \u001ehosepipe-part <id> <i>/<n>\u001e<payload>
 *
 * where <id> is 16 lowercase hex characters shared by the parts of one line, <i> counts from 1 to <n>,
 * and the payloads concatenated in order give the original line (the last one ends with "\n"). All
 * parts of a line share a partition key, so they land on one shard in order. The record separator
 * U+001E never appears in nginx access logs (nginx escapes control bytes as \xHH), so a record that
 * does not start with it is a whole line. In `truncate` mode the line is cut to fit and ends with "\n",
 * like the Kinesis Agent's truncatedRecordTerminator.
 */
export const PART_SEPARATOR = '\u001e';
const PART_TAG = 'hosepipe-part';
const PART_PATTERN = /^\u001ehosepipe-part ([0-9a-f]{16}) (\d+)\/(\d+)\u001e/;

export interface FramedLine {
  partitionKey: string;
  records: Buffer[];
  /** True when the line did not fit in one record and was split or truncated. */
  oversize: boolean;
}

export interface FramingOptions {
  /** Kinesis limit for data + partition key of one record. */
  recordLimitBytes: number;
  oversize: OversizeOption;
  partitionKey: PartitionKeyOption;
  /** Injected for tests; random 16 hex characters by default. */
  newPartId?: () => string;
  newRandomKey?: () => string;
}

/** The partition key of a line: random, or for DETERMINISTIC the MD5 of the line, so equal lines share a shard. */
export function partitionKeyOf(line: Buffer, options: Pick<FramingOptions, 'partitionKey' | 'newRandomKey'>): string {
  return options.partitionKey === 'DETERMINISTIC' ? createHash('md5').update(line).digest('hex') : (options.newRandomKey ?? randomKey)();
}

/** The records of a line under `partitionKey` (its partitionKeyOf unless the caller already has it). */
export function frameLine(line: Buffer, options: FramingOptions, partitionKey = partitionKeyOf(line, options)): FramedLine {
  const maxData = options.recordLimitBytes - Buffer.byteLength(partitionKey);
  if (line.length <= maxData) return { partitionKey, records: [line], oversize: false };
  if (options.oversize === 'truncate') {
    const kept = line.subarray(0, maxData - 1);
    return { partitionKey, records: [Buffer.concat([kept, Buffer.from('\n')])], oversize: true };
  }
  return { partitionKey, records: splitIntoParts(line, maxData, (options.newPartId ?? randomPartId)()), oversize: true };
}

/** Cuts `line` into parts whose framed size is at most `maxData` bytes. */
export function splitIntoParts(line: Buffer, maxData: number, id: string): Buffer[] {
  // The prefix grows with the digit count of <n>, so settle n by iterating (at most a few rounds).
  let count = 1;
  for (;;) {
    const payload = maxData - partPrefix(id, count, count).length;
    if (payload <= 0) throw new RangeError(`record limit ${maxData} is too small for a part prefix`);
    const next = Math.ceil(line.length / payload);
    if (next <= count) break;
    count = next;
  }
  const payloadSize = maxData - partPrefix(id, count, count).length;
  const parts: Buffer[] = [];
  for (let index = 1; index <= count; index++) {
    const payload = line.subarray((index - 1) * payloadSize, index * payloadSize);
    parts.push(Buffer.concat([partPrefix(id, index, count), payload]));
  }
  return parts;
}

export interface RecordPart {
  id: string;
  index: number;
  count: number;
  payload: Buffer;
}

/** Reads the part header of a record; null for an ordinary whole-line record. */
export function parseRecordPart(data: Uint8Array): RecordPart | null {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buffer[0] !== 0x1e) return null;
  const head = buffer.subarray(0, 64).toString('latin1');
  const match = PART_PATTERN.exec(head);
  if (!match) return null;
  const [whole, id, index, count] = match as unknown as [string, string, string, string];
  return { id, index: Number(index), count: Number(count), payload: buffer.subarray(whole.length) };
}

export interface JoinedRecords {
  /** Whole lines in the order their last part (or the line itself) was seen. */
  lines: Buffer[];
  /** Part ids seen without all their parts (e.g. the agent was killed mid-line and resent it under a new id). */
  incomplete: string[];
}

/** Rejoins split lines from records in read order; duplicates of a part are ignored. */
export function joinRecordParts(records: Iterable<Uint8Array>): JoinedRecords {
  const lines: Buffer[] = [];
  const groups = new Map<string, { count: number; parts: Map<number, Buffer> }>();
  const joined = new Set<string>();
  for (const record of records) {
    const part = parseRecordPart(record);
    if (!part) {
      lines.push(Buffer.from(record));
      continue;
    }
    if (joined.has(part.id)) continue;
    const group = groups.get(part.id) ?? { count: part.count, parts: new Map<number, Buffer>() };
    groups.set(part.id, group);
    group.parts.set(part.index, part.payload);
    if (group.parts.size === group.count) {
      const ordered = [...group.parts.entries()].sort(([a], [b]) => a - b).map(([, payload]) => payload);
      lines.push(Buffer.concat(ordered));
      groups.delete(part.id);
      joined.add(part.id);
    }
  }
  return { lines, incomplete: [...groups.keys()] };
}

function partPrefix(id: string, index: number, count: number): Buffer {
  return Buffer.from(`${PART_SEPARATOR}${PART_TAG} ${id} ${index}/${count}${PART_SEPARATOR}`, 'latin1');
}

function randomPartId(): string {
  return randomBytes(8).toString('hex');
}

// Random partition keys come from one pool refilled 256 keys at a time: a call into the system's
// random source per line was a sixth of the agent's CPU time. The pool is hex-encoded once per refill and
// each key is a slice of that string, not a hex encoding of its own per line.
const KEY_BYTES = 16;
const KEY_CHARS = KEY_BYTES * 2;
const KEYS_PER_POOL = 256;
const keyPool = Buffer.alloc(KEY_BYTES * KEYS_PER_POOL);
let hexPool = '';
let hexPoolOffset = 0;

function randomKey(): string {
  if (hexPoolOffset === hexPool.length) {
    randomFillSync(keyPool);
    hexPool = keyPool.toString('hex');
    hexPoolOffset = 0;
  }
  hexPoolOffset += KEY_CHARS;
  return hexPool.slice(hexPoolOffset - KEY_CHARS, hexPoolOffset);
}
