import type { Prediction } from './audit.js';

export interface SentItem {
  pattern: string;
  tag: string;
  /** HTTP status nginx answered (or the line's status in stream mode); 0 when unknown. */
  status: number;
}

export interface LoadRow {
  pattern: string;
  statusClass: string;
  outcome: 'parsed' | 'unparseable' | 'dropped' | 'not logged';
  sent: number;
  delivered: number;
  failed: number;
  errorRate: number;
}

/**
 * Pure: per pattern, status class and parse outcome, how many items were sent and how many of their
 * lines were delivered (success prefix) or failed (error prefix). A line is found by the item's tag;
 * its JSON record through the transform's output for that line. Error rate = not delivered ÷ sent.
 */
export function summarizeLoad(sent: SentItem[], lines: string[], predict: (lines: string[]) => Prediction[], success: string[], failedRaw: string[]): LoadRow[] {
  const byTag = new Map<string, string>();
  const tagPattern = /\b(?:hl=)?([a-z0-9]+-\d+)\b/g;
  const tags = new Set(sent.map((item) => item.tag));
  for (const line of lines) {
    for (const match of line.matchAll(tagPattern)) if (tags.has(match[1]!)) byTag.set(match[1]!, line);
  }
  const logged = [...byTag.values()];
  const predicted = predict(logged);
  const predictions = new Map(logged.map((line, index) => [line, predicted[index]!]));
  const successPool = new Map<string, number>();
  for (const json of success) successPool.set(json, (successPool.get(json) ?? 0) + 1);
  const failedPool = new Map<string, number>();
  for (const raw of failedRaw) failedPool.set(raw, (failedPool.get(raw) ?? 0) + 1);
  const takeFrom = (pool: Map<string, number>, key: string): boolean => {
    const count = pool.get(key) ?? 0;
    if (count === 0) return false;
    pool.set(key, count - 1);
    return true;
  };
  const rows = new Map<string, LoadRow>();
  for (const item of sent) {
    const line = byTag.get(item.tag);
    const prediction = line === undefined ? undefined : predictions.get(line);
    const outcome: LoadRow['outcome'] = !prediction ? 'not logged' : prediction.kind === 'ok' ? 'parsed' : prediction.kind === 'dropped' ? 'dropped' : 'unparseable';
    const statusClass = item.status ? `${Math.floor(item.status / 100)}xx` : '-';
    const key = `${item.pattern}|${statusClass}|${outcome}`;
    const row = rows.get(key) ?? { pattern: item.pattern, statusClass, outcome, sent: 0, delivered: 0, failed: 0, errorRate: 0 };
    rows.set(key, row);
    row.sent++;
    if (line !== undefined && takeFrom(failedPool, line)) row.failed++;
    else if (prediction?.kind === 'ok' && takeFrom(successPool, prediction.json)) row.delivered++;
    else if (prediction?.kind === 'dropped') row.delivered++;
  }
  return [...rows.values()]
    .map((row) => ({ ...row, errorRate: row.sent === 0 ? 0 : (row.sent - row.delivered) / row.sent }))
    .sort((a, b) => a.pattern.localeCompare(b.pattern) || a.statusClass.localeCompare(b.statusClass) || a.outcome.localeCompare(b.outcome));
}

/** Pure: the table `hosepipe load` prints at the end. */
export function formatLoadTable(rows: LoadRow[]): string {
  const header = ['pattern', 'status', 'parse', 'sent', 'delivered', 'failed', 'error rate'];
  const total = rows.reduce((sum, row) => ({ sent: sum.sent + row.sent, delivered: sum.delivered + row.delivered, failed: sum.failed + row.failed }), { sent: 0, delivered: 0, failed: 0 });
  const body = [
    ...rows.map((row) => [row.pattern, row.statusClass, row.outcome, String(row.sent), String(row.delivered), String(row.failed), percent(row.errorRate)]),
    ['total', '', '', String(total.sent), String(total.delivered), String(total.failed), percent(total.sent === 0 ? 0 : (total.sent - total.delivered) / total.sent)],
  ];
  const table = [header, ...body];
  const widths = header.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  return table.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n');
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
