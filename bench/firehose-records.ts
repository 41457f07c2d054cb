import { generateCombinedLines } from './transform-lines.js';

export const RECORD_BYTES = 250;

/** `count` newline-terminated records of exactly RECORD_BYTES bytes, each naming its index. */
export const fixedRecords = (count: number): Buffer[] =>
  Array.from({ length: count }, (_, index) => Buffer.from(`{"record":${String(index).padStart(9, '0')},"pad":"`.padEnd(RECORD_BYTES - 3, 'x') + '"}\n'));

/**
 * A combined-format line lengthened to RECORD_BYTES by a padding parameter on its request's URI, so
 * the transform still parses it as it would any line; lines without an HTTP request, and lines
 * already as long, stay as they are.
 */
const toRecordBytes = (line: string): string => {
  const uriEnd = line.indexOf(' HTTP/');
  const requestStart = line.indexOf('"');
  const missing = RECORD_BYTES - Buffer.byteLength(line);
  if (uriEnd < 0 || requestStart < 0 || requestStart > uriEnd) return line;
  const parameter = line.slice(requestStart, uriEnd).includes('?') ? '&pad=' : '?pad=';
  if (missing <= parameter.length) return line;
  return `${line.slice(0, uriEnd)}${parameter}${'x'.repeat(missing - parameter.length)}${line.slice(uriEnd)}`;
};

/** Access-log lines of RECORD_BYTES bytes where they have a request to lengthen, cycled until there are `count`. */
export const logRecords = (count: number): Buffer[] => {
  const lines = generateCombinedLines(count * 200).map(toRecordBytes);
  return Array.from({ length: count }, (_, index) => Buffer.from(lines[index % lines.length] as string));
};

export const totalBytes = (records: readonly Buffer[]): number => records.reduce((sum, record) => sum + record.length, 0);

export const batches = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));

/** Runs `work` over `items`, at most `limit` at a time. */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(lanes);
}
