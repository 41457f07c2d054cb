import { compareMultisets } from './match.js';
import { errorRawRecords, rejoinLines, splitBackupRecords, splitLogContent, splitObjectLines } from './raw-records.js';

/** What the transform does with one line: its JSON line, a failure, or a drop. */
export type Prediction = { kind: 'ok'; json: string } | { kind: 'failed' } | { kind: 'dropped' };

export interface AuditInput {
  /** Every access log file (the live one and the rotated ones), by name. */
  logs: { name: string; content: Buffer }[];
  /** Raw-backup object bodies; null when the pipeline keeps no backup. */
  backup: Buffer[] | null;
  success: Buffer[];
  errors: Buffer[];
  /** Firehose's count of records the Lambda dropped, when the endpoint reports it. */
  droppedMetric?: number;
  /** Firehose's count of records the Lambda returned Ok (`SucceedProcessing.Records`), when the endpoint reports it. */
  succeededMetric?: number;
  /** The transform, run on the lines written, to tell which JSON record belongs to which line. */
  predict?: (lines: string[]) => Prediction[];
  /**
   * The target counts no drops (AWS publishes no Dropped.Records metric): without `predict` and `droppedMetric`,
   * lines neither delivered nor failed are counted as dropped rather than missing.
   */
  droppedUnknown?: boolean;
}

export interface StageDiff {
  missing: string[];
  duplicated: string[];
  unexpected: string[];
}

export interface AuditReport {
  files: { name: string; lines: number; pendingBytes: number }[];
  written: number;
  /** Lines that reached Firehose, from the raw backup (split lines rejoined); null without a backup. */
  shipped: ({ count: number } & StageDiff) | null;
  delivered: number;
  failed: number;
  dropped: number;
  /** Over all outcomes: a line is missing when it is in none of success, error output or dropped. */
  outcome: StageDiff;
  /** Split lines (agent parts) of which some part never arrived. */
  incompleteSplits: number;
  splitLines: number;
}

const EXAMPLES = 5;

/**
 * Pure: compares the lines nginx wrote with what the bucket holds. Every line must be in the raw
 * backup exactly once and in exactly one of success (matched through the transform's own output for
 * that line), error output (matched by its raw data) or dropped. A line the agent split into parts
 * counts as one line; it is delivered when its parts rejoin to the line, in the backup or the error output.
 */
export function auditPipeline(input: AuditInput): AuditReport {
  const files = input.logs.map(({ name, content }) => ({ name, ...splitLogContent(content) }));
  const written = files.flatMap((file) => file.lines);

  let shipped: AuditReport['shipped'] = null;
  let incompleteSplits = 0;
  if (input.backup) {
    const backup = rejoinLines(input.backup.flatMap((body) => splitBackupRecords(body)));
    incompleteSplits += backup.incompleteSplits.length;
    shipped = { count: backup.lines.length, ...compareMultisets(written, backup.lines) };
  }

  const errorRecords = input.errors.flatMap((body) => errorRawRecords(body));
  const failedJoin = rejoinLines(errorRecords.map(({ raw }) => raw));
  incompleteSplits += failedJoin.incompleteSplits.length;
  const successLines = input.success.flatMap((body) => splitObjectLines(body));

  const outcome = input.predict
    ? matchOutcomes(written, input.predict, successLines, failedJoin.lines)
    // Without a transform to run (the team's own function), lines are accounted by what the function returned.
    : countOutcomes(written.length, (input.succeededMetric ?? successLines.length) + failedJoin.lines.length + (input.droppedMetric ?? 0), input.droppedUnknown === true && input.droppedMetric === undefined);
  const predictedDropped = outcome.dropped;
  return {
    files: files.map(({ name, lines, tail }) => ({ name, lines: lines.length, pendingBytes: tail.length })),
    written: written.length,
    shipped,
    delivered: input.predict ? successLines.length : input.succeededMetric ?? successLines.length,
    failed: failedJoin.lines.length,
    // The built-in transform's drops are matched line by line; a team's function's are what Firehose counted.
    dropped: input.predict ? predictedDropped : input.droppedMetric ?? predictedDropped,
    outcome: { missing: outcome.missing, duplicated: outcome.duplicated, unexpected: outcome.unexpected },
    incompleteSplits,
    splitLines: written.filter((line) => line.length > 1_000_000).length,
  };
}

/** Each line takes its error-output copies first, then success records with its predicted JSON. */
function matchOutcomes(written: string[], predict: (lines: string[]) => Prediction[], success: string[], failed: string[]): StageDiff & { dropped: number } {
  const unique = [...new Set(written)];
  const predictions = new Map<string, Prediction>();
  const predicted = predict(unique);
  unique.forEach((line, index) => predictions.set(line, predicted[index] ?? { kind: 'failed' }));
  const wanted = countOf(written);
  const successPool = countOf(success);
  const failedPool = countOf(failed);
  const missing: string[] = [];
  const duplicated: string[] = [];
  let dropped = 0;
  const got = new Map<string, number>();
  // First each line takes up to its own count, so two lines with the same JSON do not starve each other.
  for (const [line, count] of wanted) {
    const prediction = predictions.get(line)!;
    let found = take(failedPool, line, count);
    if (prediction.kind === 'ok') found += take(successPool, prediction.json, count - found);
    if (prediction.kind === 'dropped') {
      dropped += count - found;
      found = count;
    }
    got.set(line, found);
  }
  for (const [line, count] of wanted) {
    const prediction = predictions.get(line)!;
    let found = got.get(line)! + take(failedPool, line, Number.POSITIVE_INFINITY);
    if (prediction.kind === 'ok') found += take(successPool, prediction.json, Number.POSITIVE_INFINITY);
    for (let index = found; index < count; index++) missing.push(line);
    for (let index = count; index < found; index++) duplicated.push(line);
  }
  const unexpected = [...leftover(successPool), ...leftover(failedPool)];
  return { missing, duplicated, unexpected, dropped };
}

/** Without the transform, only totals can be compared. */
function countOutcomes(written: number, accounted: number, restDropped = false): StageDiff & { dropped: number } {
  const gap = (count: number, label: string) => Array.from({ length: count }, () => label);
  const rest = Math.max(0, written - accounted);
  return {
    missing: restDropped ? [] : gap(rest, '(unknown line: counts only, no transform to match records)'),
    duplicated: gap(Math.max(0, accounted - written), '(unknown line: counts only, no transform to match records)'),
    unexpected: [],
    dropped: restDropped ? rest : 0,
  };
}

function countOf(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

function take(pool: Map<string, number>, key: string, max: number): number {
  const available = pool.get(key) ?? 0;
  const taken = Math.min(available, max);
  if (available - taken === 0) pool.delete(key);
  else pool.set(key, available - taken);
  return taken;
}

function leftover(pool: Map<string, number>): string[] {
  return [...pool].flatMap(([value, count]) => Array.from({ length: count }, () => value));
}

/** Pure: true when no line is missing at any stage. */
export function auditPassed(report: AuditReport): boolean {
  return report.outcome.missing.length === 0 && (report.shipped?.missing.length ?? 0) === 0 && report.incompleteSplits === 0;
}

/** Pure: the per-stage table and examples `hosepipe audit` prints. */
export function formatAudit(report: AuditReport): string {
  const shipped = report.shipped;
  const rows: string[][] = [
    ['stage', 'lines', 'missing', 'duplicated', 'unexpected'],
    ['written (nginx access logs)', String(report.written), '', '', ''],
    shipped
      ? ['shipped (raw backup)', String(shipped.count), String(shipped.missing.length), String(shipped.duplicated.length), String(shipped.unexpected.length)]
      : ['shipped (raw backup)', 'no backup', '', '', ''],
    ['delivered (success prefix)', String(report.delivered), '', '', ''],
    ['failed (error prefix)', String(report.failed), '', '', ''],
    ['dropped (by the transform)', String(report.dropped), '', '', ''],
    ['accounted (all outcomes)', String(report.delivered + report.failed + report.dropped), String(report.outcome.missing.length), String(report.outcome.duplicated.length), String(report.outcome.unexpected.length)],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const out = rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
  for (const file of report.files) {
    out.push(`  ${file.name}: ${file.lines} lines${file.pendingBytes > 0 ? `, ${file.pendingBytes} bytes waiting for a newline (not counted)` : ''}`);
  }
  if (report.splitLines > 0) out.push(`  ${report.splitLines} line(s) over 1 MB, shipped as agent parts and counted once each`);
  if (report.incompleteSplits > 0) out.push(`  ${report.incompleteSplits} split line(s) with parts missing`);
  const examples = (label: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push(`${label} (${lines.length}), e.g.:`);
    for (const line of [...new Set(lines)].slice(0, EXAMPLES)) out.push(`  ${abbreviate(line)}`);
  };
  if (shipped) {
    examples('missing from the raw backup', shipped.missing);
    examples('duplicated in the raw backup', shipped.duplicated);
    examples('in the raw backup but in no log file', shipped.unexpected);
  }
  examples('missing: in none of success, error output or dropped', report.outcome.missing);
  examples('duplicated: delivered or failed more than once', report.outcome.duplicated);
  examples('records that match no line written', report.outcome.unexpected);
  out.push(auditPassed(report) ? 'audit: nothing missing' : 'audit: LINES MISSING');
  return out.join('\n');
}

function abbreviate(line: string): string {
  return line.length > 200 ? `${line.slice(0, 160)}… (${line.length} bytes)` : line;
}
