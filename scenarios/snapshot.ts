import { errorRawRecords, splitObjectLines } from './raw-records.js';

export interface BucketSnapshot {
  /** Distinct object key folders per prefix kind, normalised. */
  folders: Record<'success' | 'error' | 'backup', string[]>;
  records: string[];
  errors: string[];
  backup: string[];
}

// Order matters: longer, more specific shapes first.
const RULES: [RegExp, string][] = [
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>'],
  [/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?/g, '<iso-time>'],
  [/\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}/g, '<time_local>'],
  [/\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d/g, '<yyyy-MM-dd-HH-mm-ss>'],
  [/year=\d{4}\/month=\d\d\/day=\d\d\/hour=\d\d/g, 'year=<yyyy>/month=<MM>/day=<dd>/hour=<HH>'],
  [/\b\d{4}\/\d\d\/\d\d\/\d\d\b/g, '<yyyy/MM/dd/HH>'],
  [/\b1\d{12}\b/g, '<epoch-ms>'],
  [/(127\.0\.0\.1|localhost):\d{2,5}/g, '$1:<port>'],
  [/\b[0-9a-f]{16,}\b/g, '<hex>'],
];

/** Pure: replaces times, ids, uuids, random hex and ports with placeholders, and the run's own name. */
export function normaliseText(text: string, runName: string): string {
  let out = runName ? text.split(runName).join('<name>') : text;
  for (const [pattern, placeholder] of RULES) out = out.replace(pattern, placeholder);
  return out;
}

/** Pure: the bucket's contents, normalised and sorted, so two runs of a scenario compare equal. */
export function snapshotBucket(objects: Record<'success' | 'error' | 'backup', { key: string; body: Buffer }[]>, runName: string): BucketSnapshot {
  const folder = (key: string) => normaliseText(key.slice(0, key.lastIndexOf('/') + 1), runName);
  const folders = Object.fromEntries(
    (['success', 'error', 'backup'] as const).map((kind) => [kind, [...new Set(objects[kind].map(({ key }) => folder(key)))].sort()]),
  ) as BucketSnapshot['folders'];
  const errors = objects.error.flatMap(({ body }) =>
    body.toString('utf8').split('\n').filter(Boolean).map((line) => {
      const { rawData: _raw, ...record } = JSON.parse(line) as Record<string, unknown>;
      const [raw] = errorRawRecords(Buffer.from(`${line}\n`));
      return normaliseText(JSON.stringify({ ...record, raw: raw?.raw.toString('latin1') }), runName);
    }),
  );
  return {
    folders,
    records: objects.success.flatMap(({ body }) => splitObjectLines(body)).map((line) => normaliseText(line, runName)).sort(),
    errors: errors.sort(),
    backup: objects.backup.flatMap(({ body }) => splitObjectLines(body)).map((line) => normaliseText(line, runName)).sort(),
  };
}

/** Pure: a readable diff of two snapshots (lines only in the recorded one with -, only in this run with +); empty when equal. */
export function diffSnapshots(recorded: BucketSnapshot, actual: BucketSnapshot): string {
  const out: string[] = [];
  for (const section of ['folders', 'records', 'errors', 'backup'] as const) {
    const before = section === 'folders' ? Object.entries(recorded.folders).flatMap(([kind, list]) => list.map((item) => `${kind}: ${item}`)) : recorded[section];
    const after = section === 'folders' ? Object.entries(actual.folders).flatMap(([kind, list]) => list.map((item) => `${kind}: ${item}`)) : actual[section];
    const counts = new Map<string, number>();
    for (const line of before) counts.set(line, (counts.get(line) ?? 0) + 1);
    const added: string[] = [];
    for (const line of after) {
      const left = counts.get(line) ?? 0;
      if (left > 0) counts.set(line, left - 1);
      else added.push(line);
    }
    const removed = [...counts].flatMap(([line, count]) => Array.from({ length: count }, () => line));
    if (removed.length === 0 && added.length === 0) continue;
    out.push(`${section}:`);
    for (const line of removed.slice(0, 20)) out.push(`  - ${line}`);
    for (const line of added.slice(0, 20)) out.push(`  + ${line}`);
    if (removed.length > 20 || added.length > 20) out.push(`  (${removed.length} removed, ${added.length} added in all)`);
  }
  return out.join('\n');
}
