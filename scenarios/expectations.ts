import { auditPassed, formatAudit, type AuditReport } from './audit.js';
import type { ScenarioExpectation } from './schema.js';
import { compareMultisets, matchesPartial } from './match.js';

/** What a scenario found in the bucket after draining, decoded. */
export interface Observed {
  audit: AuditReport;
  /** How many times injected faults fired during the run. */
  faultHits: number;
  accessLog: string[];
  success: { key: string; record: Record<string, unknown> }[];
  successKeys: string[];
  errors: { key: string; record: Record<string, unknown>; raw: string }[];
  errorKeys: string[];
  backup: string[] | null;
  backupKeys: string[];
  timeZone: string;
  /** Objects under the key prefixes `records.under` names, one entry per JSON line. */
  under: Record<string, { key: string; record: Record<string, unknown> }[]>;
}

/** Pure: every expectation that does not hold, as a sentence saying what was expected and found. */
export function checkExpectations(expectations: ScenarioExpectation[], observed: Observed): string[] {
  return expectations.flatMap((expectation) => check(expectation, observed));
}

function check(expectation: ScenarioExpectation, observed: Observed): string[] {
  if ('objects' in expectation) {
    const { prefix, min, keyPattern } = expectation.objects;
    const keys = prefix === 'success' ? observed.successKeys : prefix === 'error' ? observed.errorKeys : observed.backupKeys;
    const failures: string[] = [];
    if (keys.length < min) failures.push(`objects under the ${prefix} prefix: expected at least ${min}, found ${keys.length}`);
    if (keyPattern) {
      const pattern = new RegExp(keyPattern);
      for (const key of keys.filter((k) => !pattern.test(k))) failures.push(`object key ${key} does not match ${keyPattern}`);
    }
    return failures;
  }
  if ('records' in expectation) {
    const { count, where, match, partitionedByEventTime, under } = expectation.records;
    const records = under === undefined ? observed.success : observed.under[under] ?? [];
    const selected = records.filter(({ record }) => matchesPartial(record, where));
    const failures: string[] = [];
    const place = under === undefined ? '' : ` under ${under}`;
    if (count !== undefined && selected.length !== count) failures.push(`records${place} matching ${JSON.stringify(where)}: expected ${count}, found ${selected.length}`);
    for (const { key, record } of selected) {
      if (!matchesPartial(record, match)) failures.push(`record in ${key} does not match ${JSON.stringify(match)}: ${JSON.stringify(record)}`);
      if (partitionedByEventTime) {
        const partition = eventPartition(record, observed.timeZone);
        if (!partition) failures.push(`record in ${key} has no parseable time_local: ${JSON.stringify(record)}`);
        else if (!key.includes(partition)) failures.push(`record in ${key} belongs under ${partition} (its own time in ${observed.timeZone})`);
      }
    }
    return failures.slice(0, 20);
  }
  if ('errors' in expectation) {
    const { count, errorCode, rawContains } = expectation.errors;
    const failures: string[] = [];
    if (count !== undefined && observed.errors.length !== count) failures.push(`error records: expected ${count}, found ${observed.errors.length}`);
    for (const { key, record } of observed.errors) {
      if (errorCode && record.errorCode !== errorCode) failures.push(`error record in ${key} has errorCode ${String(record.errorCode)}, expected ${errorCode}`);
    }
    for (const text of rawContains) {
      if (!observed.errors.some(({ raw }) => raw.includes(text))) failures.push(`no error record's rawData contains ${JSON.stringify(text)}`);
    }
    return failures;
  }
  if ('faults' in expectation) {
    const { minHits } = expectation.faults;
    return observed.faultHits >= minHits ? [] : [`faults: expected injected faults to fire at least ${minHits} time(s), they fired ${observed.faultHits}`];
  }
  if ('audit' in expectation) return checkAudit(expectation.audit ?? { maxDuplicated: 0 }, observed.audit);
  const lines = observed.accessLog;
  const failures: string[] = [];
  if (expectation.accounting.lines !== undefined && lines.length !== expectation.accounting.lines) {
    failures.push(`access log: expected ${expectation.accounting.lines} lines, found ${lines.length}`);
  }
  const delivered = observed.success.length + observed.errors.length;
  if (delivered !== lines.length) failures.push(`accounting: ${lines.length} lines written, ${observed.success.length} delivered + ${observed.errors.length} failed = ${delivered}`);
  const failedRaw = compareMultisets(lines, observed.errors.map(({ raw }) => raw.replace(/\n$/, '')));
  if (failedRaw.unexpected.length > 0) failures.push(`error records whose rawData is no line nginx wrote: ${failedRaw.unexpected.slice(0, 3).join(' | ')}`);
  if (observed.backup) {
    const { missing, duplicated, unexpected } = compareMultisets(lines, observed.backup);
    if (missing.length > 0) failures.push(`${missing.length} line(s) missing from the raw backup, e.g. ${missing[0]}`);
    if (duplicated.length > 0) failures.push(`${duplicated.length} line(s) duplicated in the raw backup, e.g. ${duplicated[0]}`);
    if (unexpected.length > 0) failures.push(`${unexpected.length} unexpected line(s) in the raw backup, e.g. ${unexpected[0]}`);
  }
  return failures;
}

function checkAudit(expected: { lines?: number; failed?: number; dropped?: number; maxDuplicated: number }, report: AuditReport): string[] {
  const failures: string[] = [];
  if (expected.lines !== undefined && report.written !== expected.lines) failures.push(`audit: expected ${expected.lines} lines written, found ${report.written}`);
  if (expected.failed !== undefined && report.failed !== expected.failed) failures.push(`audit: expected ${expected.failed} failed lines, found ${report.failed}`);
  if (expected.dropped !== undefined && report.dropped !== expected.dropped) failures.push(`audit: expected ${expected.dropped} dropped lines, found ${report.dropped}`);
  const duplicated = Math.max(report.outcome.duplicated.length, report.shipped?.duplicated.length ?? 0);
  if (duplicated > expected.maxDuplicated) failures.push(`audit: ${duplicated} duplicated lines, at most ${expected.maxDuplicated} allowed`);
  const unexpected = report.outcome.unexpected.length + (report.shipped?.unexpected.length ?? 0);
  if (unexpected > 0) failures.push(`audit: ${unexpected} records match no line written`);
  if (!auditPassed(report) || failures.length > 0) failures.push(`audit report:\n${formatAudit(report)}`);
  return failures;
}

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

/** `year=YYYY/month=MM/day=DD/hour=HH` of the record's own time in `timeZone`. */
export function eventPartition(record: Record<string, unknown>, timeZone: string): string | undefined {
  const value = record.time_local ?? record.time_iso8601;
  if (typeof value !== 'string') return undefined;
  const legacy = /^(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)$/.exec(value);
  const epoch = legacy
    ? Date.UTC(Number(legacy[3]), MONTHS[legacy[2] ?? ''] ?? 0, Number(legacy[1]), Number(legacy[4]), Number(legacy[5]), Number(legacy[6])) -
      (legacy[7] === '-' ? -1 : 1) * (Number(legacy[8]) * 60 + Number(legacy[9])) * 60_000
    : Date.parse(value);
  if (!Number.isFinite(epoch)) return undefined;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(epoch))
      .map((part) => [part.type, part.value]),
  );
  return `year=${parts.year}/month=${parts.month}/day=${parts.day}/hour=${parts.hour}/`;
}
