import { generateCombinedLines } from './transform-lines.js';

export const RECORD_BYTES = 250;

/** `count` newline-terminated records of exactly RECORD_BYTES bytes, each naming its index. */
export const fixedRecords = (count: number): Buffer[] =>
  Array.from({ length: count }, (_, index) => Buffer.from(`{"record":${String(index).padStart(9, '0')},"pad":"`.padEnd(RECORD_BYTES - 3, 'x') + '"}\n'));

/** Access-log lines, cycled until there are `count`. */
export const logRecords = (count: number): Buffer[] => {
  const lines = generateCombinedLines(count * 200);
  return Array.from({ length: count }, (_, index) => Buffer.from(lines[index % lines.length] as string));
};

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
