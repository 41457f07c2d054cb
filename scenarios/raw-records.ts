import { joinRecordParts } from '../agent/index.js';

const NEWLINE = 0x0a;
const PART_START = 0x1e;

/** Pure: a log file's complete lines (without their newlines) and the unterminated text after the last one. */
export function splitLogContent(content: Buffer): { lines: string[]; tail: string } {
  const end = content.lastIndexOf(NEWLINE);
  const complete = end < 0 ? '' : content.subarray(0, end).toString('latin1');
  return { lines: end < 0 ? [] : complete.split('\n'), tail: content.subarray(end + 1).toString('latin1') };
}

/**
 * Pure: the records of a raw-backup object, in order. Firehose concatenates the source records; a
 * record is a whole line ending in "\n", or an agent part (starting with U+001E, see agent/record-framing)
 * whose payload runs to the next part header or through the line's final "\n".
 */
export function splitBackupRecords(body: Buffer): Buffer[] {
  const records: Buffer[] = [];
  let start = 0;
  while (start < body.length) {
    let end: number;
    if (body[start] === PART_START) {
      const header = body.indexOf(PART_START, start + 1);
      const nextPart = header < 0 ? -1 : body.indexOf(PART_START, header + 1);
      const newline = body.indexOf(NEWLINE, header + 1);
      const candidates = [nextPart, newline < 0 ? -1 : newline + 1].filter((at) => at > start);
      end = candidates.length > 0 ? Math.min(...candidates) : body.length;
    } else {
      const newline = body.indexOf(NEWLINE, start);
      end = newline < 0 ? body.length : newline + 1;
    }
    records.push(body.subarray(start, end));
    start = end;
  }
  return records;
}

/** Pure: raw records (whole lines and parts) → whole lines without their newline; parts rejoined. */
export function rejoinLines(records: Iterable<Uint8Array>): { lines: string[]; incompleteSplits: string[] } {
  const joined = joinRecordParts(records);
  return {
    lines: joined.lines.map((line) => stripNewline(line.toString('latin1'))),
    incompleteSplits: joined.incomplete,
  };
}

/** Pure: the decoded `rawData` of Firehose error-output JSON lines. */
export function errorRawRecords(body: Buffer): { raw: Buffer; errorCode: string }[] {
  return body
    .toString('utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const record = JSON.parse(line) as { rawData?: string; errorCode?: string };
      return { raw: Buffer.from(record.rawData ?? '', 'base64'), errorCode: String(record.errorCode ?? '') };
    });
}

/** Pure: newline-delimited object content → its non-empty lines, byte for byte (latin1). */
export function splitObjectLines(body: Buffer): string[] {
  return body.toString('latin1').split('\n').filter((line) => line.length > 0);
}

function stripNewline(line: string): string {
  return line.endsWith('\n') ? line.slice(0, -1) : line;
}
