/**
 * PutRecordBatch's answer for records all accepted, written as JSON bytes: exactly JSON.stringify of
 * { FailedPutCount: 0, Encrypted, RequestResponses: [{ RecordId }, …] } with a fresh RecordId per record
 * (createRecordId's form: the base64 text of 84 random bytes). The ids' random bytes are made by one call
 * and encoded straight into the answer: a string, a view string and an object per record, and the answer's
 * string, were a put's largest short-lived garbage after its records' own.
 */
import { randomFillSync } from 'node:crypto';
import { encodeBase64Into } from '../../shared/base64-bytes.js';
import { RECORD_ID_BYTES } from '../record-id.js';

const ENTRY_OPENING = Buffer.from('{"RecordId":"', 'latin1');
const HEADS = { false: Buffer.from('{"FailedPutCount":0,"Encrypted":false,"RequestResponses":[', 'latin1'), true: Buffer.from('{"FailedPutCount":0,"Encrypted":true,"RequestResponses":[', 'latin1') };
// RECORD_ID_BYTES is a multiple of 3: an id's text has no padding.
const ID_CHARACTERS = (RECORD_ID_BYTES / 3) * 4;
const ENTRY_BYTES = ENTRY_OPENING.length + ID_CHARACTERS + 2;

let random = Buffer.allocUnsafeSlow(RECORD_ID_BYTES * 500);

/** The answer's bytes for `count` accepted records (count ≥ 1). */
export function putRecordBatchAnswer(count: number, encrypted: boolean): Buffer {
  const head = encrypted ? HEADS.true : HEADS.false;
  const bytes = Buffer.allocUnsafe(head.length + count * (ENTRY_BYTES + 1) + 1);
  if (random.length < RECORD_ID_BYTES * count) random = Buffer.allocUnsafeSlow(RECORD_ID_BYTES * count);
  randomFillSync(random, 0, RECORD_ID_BYTES * count);
  let at = head.copy(bytes, 0);
  let from = 0;
  for (let index = 0; index < count; index += 1) {
    if (index > 0) bytes[at++] = 0x2c;
    for (let byte = 0; byte < ENTRY_OPENING.length; byte += 1) bytes[at++] = ENTRY_OPENING[byte]!;
    at = encodeBase64Into(random, bytes, at, from, from + RECORD_ID_BYTES);
    from += RECORD_ID_BYTES;
    bytes[at++] = 0x22;
    bytes[at++] = 0x7d;
  }
  bytes[at++] = 0x5d;
  bytes[at++] = 0x7d;
  return bytes.subarray(0, at);
}
