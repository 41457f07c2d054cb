import test from 'ava';
import { auditPassed, auditPipeline, formatAudit, type AuditInput, type Prediction } from '../../scenarios/audit.js';
import { splitBackupRecords, splitLogContent } from '../../scenarios/raw-records.js';

const predict = (lines: string[]): Prediction[] =>
  lines.map((line) => (line.startsWith('ok') ? { kind: 'ok', json: JSON.stringify({ l: line }) } : line.startsWith('drop') ? { kind: 'dropped' } : { kind: 'failed' }));
const json = (...lines: string[]) => Buffer.from(lines.map((line) => `${JSON.stringify({ l: line })}\n`).join(''));
const raw = (...lines: string[]) => Buffer.from(lines.map((line) => `${line}\n`).join(''), 'latin1');
const errors = (...records: Buffer[]) =>
  Buffer.from(records.map((data) => `${JSON.stringify({ errorCode: 'Lambda.ProcessingFailedStatus', rawData: data.toString('base64') })}\n`).join(''));
const part = (id: string, index: number, count: number, payload: string) => Buffer.from(`\u001ehosepipe-part ${id} ${index}/${count}\u001e${payload}`, 'latin1');

const input = (overrides: Partial<AuditInput>): AuditInput => ({
  logs: [{ name: 'access.log', content: raw('ok 1', 'ok 2', 'bad 3', 'drop 4') }],
  backup: [raw('ok 1', 'ok 2'), raw('bad 3', 'drop 4')],
  success: [json('ok 1', 'ok 2')],
  errors: [errors(Buffer.from('bad 3\n'))],
  predict,
  ...overrides,
});

test('auditPipeline accounts every line in exactly one of success, error output and dropped', (t) => {
  const report = auditPipeline(input({}));
  t.like(report, { written: 4, delivered: 2, failed: 1, dropped: 1, outcome: { missing: [], duplicated: [], unexpected: [] } });
  t.deepEqual(report.shipped, { count: 4, missing: [], duplicated: [], unexpected: [] });
  t.true(auditPassed(report));
  t.regex(formatAudit(report), /audit: nothing missing/);
});

test('auditPipeline names the line whose JSON record never arrived', (t) => {
  const report = auditPipeline(input({ success: [json('ok 1')] }));
  t.deepEqual(report.outcome.missing, ['ok 2']);
  t.false(auditPassed(report));
  t.regex(formatAudit(report), /missing: in none of success.*\n {2}ok 2/);
});

test('auditPipeline reports a resent line as duplicated, not missing', (t) => {
  const report = auditPipeline(input({ backup: [raw('ok 1', 'ok 2', 'bad 3', 'drop 4', 'ok 2')], success: [json('ok 1', 'ok 2', 'ok 2')] }));
  t.deepEqual(report.shipped?.duplicated, ['ok 2']);
  t.deepEqual(report.outcome.duplicated, ['ok 2']);
  t.true(auditPassed(report));
});

test('auditPipeline counts a line the Lambda failed as a whole batch as failed when its raw data is under the error prefix', (t) => {
  const report = auditPipeline(input({ success: [json('ok 1')], errors: [errors(Buffer.from('bad 3\n'), Buffer.from('ok 2\n'))] }));
  t.deepEqual(report.outcome.missing, []);
  t.is(report.failed, 2);
});

test('auditPipeline counts a split line once, rejoined from its parts in the backup and the error output', (t) => {
  const long = `ok-not ${'x'.repeat(30)}`;
  const parts = [part('00000000000000aa', 1, 2, long.slice(0, 20)), part('00000000000000aa', 2, 2, `${long.slice(20)}\n`)];
  const report = auditPipeline({
    logs: [{ name: 'access.log', content: raw('ok 1', long) }],
    backup: [Buffer.concat([raw('ok 1'), ...parts])],
    success: [json('ok 1')],
    errors: [errors(...parts)],
    predict,
  });
  t.like(report, { written: 2, failed: 1, incompleteSplits: 0, outcome: { missing: [], duplicated: [] } });
  t.deepEqual(report.shipped?.missing, []);
});

test('auditPipeline reports a split line with a part missing', (t) => {
  const report = auditPipeline({
    logs: [{ name: 'access.log', content: raw('bad line') }],
    backup: [part('00000000000000bb', 1, 2, 'bad ')],
    success: [],
    errors: [errors(part('00000000000000bb', 1, 2, 'bad '))],
    predict,
  });
  t.is(report.incompleteSplits, 2);
  t.deepEqual(report.outcome.missing, ['bad line']);
  t.false(auditPassed(report));
});

test('auditPipeline reads rotated files and leaves a last line without newline out of the count', (t) => {
  const report = auditPipeline(input({ logs: [{ name: 'access.log.1', content: raw('ok 1', 'ok 2') }, { name: 'access.log', content: Buffer.from('bad 3\ndrop 4\nok 5 half') }] }));
  t.is(report.written, 4);
  t.deepEqual(report.files.map((file) => file.pendingBytes), [0, 9]);
  t.true(auditPassed(report));
});

test('auditPipeline without a transform compares totals only', (t) => {
  const { predict: _ignored, ...rest } = input({ success: [json('ok 1')], droppedMetric: 1 });
  const report = auditPipeline(rest);
  t.is(report.outcome.missing.length, 1);
});

test('auditPipeline without a transform accounts the lines the function answered Dropped by Firehose\'s count of them', (t) => {
  const { predict: _ignored, ...rest } = input({ droppedMetric: 1 });
  const report = auditPipeline(rest);
  t.is(report.dropped, 1);
  t.deepEqual(report.outcome, { missing: [], duplicated: [], unexpected: [] });
  t.true(auditPassed(report), formatAudit(report));
  const { predict: _alsoIgnored, ...uncounted } = input({});
  t.is(auditPipeline(uncounted).outcome.missing.length, 1, 'a dropped line nobody counted is missing');
});

test('splitBackupRecords separates whole lines and parts that follow each other', (t) => {
  const body = Buffer.concat([raw('a'), part('00000000000000cc', 1, 2, 'b1'), part('00000000000000cc', 2, 2, 'b2\n'), raw('c')]);
  t.deepEqual(splitBackupRecords(body).map((record) => record.toString('latin1')), ['a\n', '\u001ehosepipe-part 00000000000000cc 1/2\u001eb1', '\u001ehosepipe-part 00000000000000cc 2/2\u001eb2\n', 'c\n']);
});

test('splitLogContent keeps the text after the last newline apart', (t) => {
  t.deepEqual(splitLogContent(Buffer.from('a\nb\nc')), { lines: ['a', 'b'], tail: 'c' });
  t.deepEqual(splitLogContent(Buffer.from('')), { lines: [], tail: '' });
});
