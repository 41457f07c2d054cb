// A PutRecords answer that accepted every record is read from its bytes: parsing it whole made an object and two
// strings per record, and those answers and their text were a quarter of what the agent allocated under load
// (bench/pipeline, BENCH_ALLOC). Anything this reader is not sure of goes to JSON.parse, as every answer did.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const key = (name: string): Buffer => Buffer.from(`"${name}"`, 'latin1');
const RECORDS = key('Records');
const SEQUENCE_NUMBER = key('SequenceNumber');
const ERROR_CODE = key('ErrorCode');

// An accepted entry as Kinesis (and hosepipe's endpoint) writes it: {"SequenceNumber":"<digits>","ShardId":"<id>"}.
const ENTRY_OPENING = Buffer.from('{"SequenceNumber":"', 'latin1');
const SHARD_MEMBER = Buffer.from('","ShardId":"', 'latin1');

const isSpace = (byte: number | undefined): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

function skipSpace(bytes: Uint8Array, at: number): number {
  while (isSpace(bytes[at])) at += 1;
  return at;
}

/** From the quote at `at`, the index just past the string's closing quote; -1 for an escape, a control character or no end. */
function stringEnd(bytes: Uint8Array, at: number): number {
  if (bytes[at] !== QUOTE) return -1;
  for (let index = at + 1; index < bytes.length; index += 1) {
    const byte = bytes[index]!;
    if (byte === QUOTE) return index + 1;
    if (byte === BACKSLASH || byte < 0x20) return -1;
  }
  return -1;
}

const isDigit = (byte: number | undefined): boolean => byte !== undefined && byte >= 0x30 && byte <= 0x39;

/** From `at`, the index just past a JSON number; -1 when there is none. */
function numberEnd(bytes: Uint8Array, at: number): number {
  if (bytes[at] === 0x2d) at += 1;
  if (bytes[at] === 0x30) at += 1;
  else if (isDigit(bytes[at])) while (isDigit(bytes[at])) at += 1;
  else return -1;
  if (bytes[at] === 0x2e) {
    at += 1;
    if (!isDigit(bytes[at])) return -1;
    while (isDigit(bytes[at])) at += 1;
  }
  if (bytes[at] === 0x65 || bytes[at] === 0x45) {
    at += 1;
    if (bytes[at] === 0x2b || bytes[at] === 0x2d) at += 1;
    if (!isDigit(bytes[at])) return -1;
    while (isDigit(bytes[at])) at += 1;
  }
  return at;
}

function literalEnd(bytes: Uint8Array, at: number, literal: string): number {
  for (let index = 0; index < literal.length; index += 1) if (bytes[at + index] !== literal.charCodeAt(index)) return -1;
  return at + literal.length;
}

/** From `at`, the index just past a string, number, true, false or null; -1 for anything else (objects and lists too). */
function scalarEnd(bytes: Uint8Array, at: number): number {
  switch (bytes[at]) {
    case QUOTE: return stringEnd(bytes, at);
    case 0x74: return literalEnd(bytes, at, 'true');
    case 0x66: return literalEnd(bytes, at, 'false');
    case 0x6e: return literalEnd(bytes, at, 'null');
    default: return numberEnd(bytes, at);
  }
}

/** True when `bytes` holds `literal` at `at`. */
function holdsAt(bytes: Uint8Array, at: number, literal: Buffer): boolean {
  for (let index = 0; index < literal.length; index += 1) if (bytes[at + index] !== literal[index]) return false;
  return true;
}

/** A shard id's characters (shardId-000000000000). */
const isIdByte = (byte: number | undefined): boolean =>
  byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte === 0x2d);

/**
 * From `at`, the index just past an accepted entry written as Kinesis writes one, compared in place; -1 when the
 * entry is written any other way (the member-by-member reading then decides).
 */
function plainEntryEnd(bytes: Uint8Array, at: number): number {
  if (!holdsAt(bytes, at, ENTRY_OPENING)) return -1;
  let index = at + ENTRY_OPENING.length;
  const digits = index;
  while (isDigit(bytes[index])) index += 1;
  if (index === digits || !holdsAt(bytes, index, SHARD_MEMBER)) return -1;
  index += SHARD_MEMBER.length;
  const id = index;
  while (isIdByte(bytes[index])) index += 1;
  if (index === id || bytes[index] !== QUOTE || bytes[index + 1] !== 0x7d) return -1;
  return index + 2;
}

/** True when the bytes from `start` to `end` are `literal`. */
const holds = (bytes: Uint8Array, start: number, end: number, literal: Buffer): boolean => end - start === literal.length && holdsAt(bytes, start, literal);

/**
 * Calls `member` for each member of the object whose `{` is at `at`, with the key's bounds (quotes included) and
 * the index of its value; `member` returns the index just past the value, or -1 to stop. Returns the index just
 * past the object's `}`, or -1.
 */
function objectEnd(bytes: Uint8Array, at: number, member: (keyStart: number, keyEnd: number, valueAt: number) => number): number {
  if (bytes[at] !== 0x7b) return -1;
  at = skipSpace(bytes, at + 1);
  if (bytes[at] === 0x7d) return at + 1;
  for (;;) {
    const keyEnd = stringEnd(bytes, at);
    if (keyEnd === -1) return -1;
    let valueAt = skipSpace(bytes, keyEnd);
    if (bytes[valueAt] !== 0x3a) return -1;
    valueAt = skipSpace(bytes, valueAt + 1);
    const end = member(at, keyEnd, valueAt);
    if (end === -1) return -1;
    at = skipSpace(bytes, end);
    if (bytes[at] === 0x7d) return at + 1;
    if (bytes[at] !== 0x2c) return -1;
    at = skipSpace(bytes, at + 1);
  }
}

/**
 * Pure: true when `body` is a PutRecords answer in JSON whose Records list has `count` entries, each with a
 * non-empty SequenceNumber and no ErrorCode: every record sent was accepted, as parsing the answer and reading
 * each entry would find. False for anything else, well-formed or not (a failed record, an escape in a string, a
 * nested value it does not expect, a repeated member): the caller then parses the answer whole.
 */
export function acceptsEvery(body: Uint8Array, count: number): boolean {
  let records = -1;
  // The entry being read: whether it has a sequence number, and an error code.
  let sequenced = false;
  let failed = false;
  const entryMember = (keyStart: number, keyEnd: number, valueAt: number): number => {
    const end = scalarEnd(body, valueAt);
    if (holds(body, keyStart, keyEnd, ERROR_CODE)) failed = true;
    else if (holds(body, keyStart, keyEnd, SEQUENCE_NUMBER)) {
      if (body[valueAt] !== QUOTE || end - valueAt <= 2) return -1;
      sequenced = true;
    }
    return end;
  };
  const recordsEnd = (at: number): number => {
    if (body[at] !== 0x5b) return -1;
    at = skipSpace(body, at + 1);
    let seen = 0;
    if (body[at] === 0x5d) return seen === count ? at + 1 : -1;
    for (;;) {
      const plainEnd = plainEntryEnd(body, at);
      if (plainEnd !== -1) at = plainEnd;
      else {
        sequenced = false;
        failed = false;
        at = objectEnd(body, at, entryMember);
        if (at === -1 || !sequenced || failed) return -1;
      }
      seen += 1;
      at = skipSpace(body, at);
      if (body[at] === 0x5d) return seen === count ? at + 1 : -1;
      if (body[at] !== 0x2c) return -1;
      at = skipSpace(body, at + 1);
    }
  };
  const end = objectEnd(body, skipSpace(body, 0), (keyStart, keyEnd, valueAt) => {
    if (!holds(body, keyStart, keyEnd, RECORDS)) return scalarEnd(body, valueAt);
    if (records !== -1) return -1;
    records = recordsEnd(valueAt);
    return records;
  });
  return end !== -1 && records !== -1 && skipSpace(body, end) === body.length;
}
