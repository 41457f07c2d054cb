/** The RecordDeAggregation processor (reference §4.5): JSON (concatenated objects / JSON Lines) or DELIMITED. Pure. */
import { MAX_SUB_RECORDS } from '../processors.js';

/** Splits concatenated JSON objects; undefined when the data is not a sequence of JSON objects. */
export function splitJsonRecords(data: Buffer): Buffer[] | undefined {
  const text = data.toString('utf8');
  const parts: Buffer[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') { inString = true; continue; }
    if (char === '{') {
      if (depth === 0) start = index;
      depth += 1;
    } else if (char === '}') {
      depth -= 1;
      if (depth < 0) return undefined;
      if (depth === 0) parts.push(Buffer.from(text.slice(start, index + 1), 'utf8'));
    } else if (depth === 0 && !/\s/.test(char)) {
      // A JSON array or any bare value is not a valid input [WEB:dynamic-partitioning-multirecord-deaggergation].
      return undefined;
    }
  }
  if (depth !== 0 || inString) return undefined;
  return parts;
}

/** Splits on a delimiter; empty pieces are kept out. */
export function splitDelimited(data: Buffer, delimiter: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (;;) {
    const index = data.indexOf(delimiter, start);
    if (index === -1) break;
    if (index > start) parts.push(data.subarray(start, index));
    start = index + delimiter.length;
  }
  if (start < data.length) parts.push(data.subarray(start));
  return parts;
}

/** The sub-records of one record, or the record itself when it cannot be split or has over 500 pieces. */
export function deaggregateRecord(data: Buffer, subRecordType: 'JSON' | 'DELIMITED', delimiter?: Buffer): { parts: Buffer[]; failed: boolean } {
  const parts = subRecordType === 'JSON' ? splitJsonRecords(data) : splitDelimited(data, delimiter ?? Buffer.from('\n'));
  if (parts === undefined) return { parts: [data], failed: true };
  if (parts.length > MAX_SUB_RECORDS) return { parts: [data], failed: false };
  return { parts, failed: false };
}
