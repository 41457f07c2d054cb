/**
 * Pure: does `actual` contain everything in `expected` (recursively, arrays by position)?
 * `{ $regex: "..." }` matches a string against a regular expression.
 */
export function matchesPartial(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return Object.is(actual, expected);
  const regex = (expected as { $regex?: unknown }).$regex;
  if (typeof regex === 'string') return typeof actual === 'string' && new RegExp(regex).test(actual);
  if (actual === null || typeof actual !== 'object') return false;
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.every((item, index) => matchesPartial(actual[index], item));
  }
  return Object.entries(expected).every(([key, value]) => matchesPartial((actual as Record<string, unknown>)[key], value));
}

/** Pure: lines present more or fewer times in `actual` than in `expected`. */
export function compareMultisets(expected: string[], actual: string[]): { missing: string[]; duplicated: string[]; unexpected: string[] } {
  const counts = new Map<string, number>();
  for (const line of expected) counts.set(line, (counts.get(line) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const line of actual) seen.set(line, (seen.get(line) ?? 0) + 1);
  const missing: string[] = [];
  const duplicated: string[] = [];
  const unexpected: string[] = [];
  for (const [line, count] of counts) {
    const got = seen.get(line) ?? 0;
    if (got < count) missing.push(line);
    if (got > count) duplicated.push(line);
  }
  for (const line of seen.keys()) if (!counts.has(line)) unexpected.push(line);
  return { missing, duplicated, unexpected };
}
