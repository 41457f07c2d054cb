/**
 * `hosepipe top`'s screen: the pipeline view's figures as fixed-width text lines. Pure: the same
 * snapshot gives the same lines; color only adds ANSI around the text, never changes its width.
 */
import type { PipelineSnapshot } from '../../emulator-shims/index.js';
import { byteRate, bytes, count, duration, percent, rate } from '../../web/index.js';

export interface RenderOptions {
  /** Columns available; long names and keys are cut to fit. */
  width: number;
  color: boolean;
}

const RED = '\x1b[31m';
const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';
const BAR = 12;

/** Cuts `text` to `width` columns (with … when cut) and pads it to exactly that width. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
  return align === 'left' ? cut.padEnd(width) : cut.padStart(width);
}

export function renderTop(snapshot: PipelineSnapshot, options: RenderOptions): string[] {
  const paint = (code: string, text: string): string => (options.color ? `${code}${text}${RESET}` : text);
  const clip = (text: string): string => (text.length > options.width ? text.slice(0, options.width) : text);
  const nameWidth = Math.max(12, Math.min(30, options.width - 100));
  // A row with an error above zero is shown in red; its text (and width) stays the same.
  const row = (stage: string, name: string, total: string, perSecond: string, bytesPerSecond: string, lag: string, errors: string, alert = false): string => {
    const text = clip([fit(stage, 8), fit(name, nameWidth), fit(total, 15, 'right'), fit(perSecond, 9, 'right'), fit(bytesPerSecond, 11, 'right'), ` ${fit(lag, 22)}`, errors].join(' '));
    return alert ? paint(RED, text) : text;
  };
  const { nginx, agent, stream, firehose, bucket, errors } = snapshot;
  const fn = snapshot.function;
  const buffered = firehose.buffers.reduce((sum, buffer) => sum + buffer.records, 0);
  const nextFlush = firehose.buffers.length === 0 ? null : Math.min(...firehose.buffers.map((buffer) => buffer.flushInMs));
  const lines = [
    paint(BOLD, clip(`hosepipe top · ${snapshot.pipeline.name} · ${snapshot.pipeline.region} · ${snapshot.pipeline.accountId} · clock ${snapshot.clock.now.slice(0, 19).replace('T', ' ')}Z`)),
    paint(DIM, row('stage', 'name', 'count', 'records/s', 'bytes/s', 'lag', 'errors')),
    row('nginx', nginx.url ?? (nginx.registered ? '' : 'not registered'), nginx.lines ? `${count(nginx.lines.total)} lines` : '–', rate(nginx.lines?.perSecond), byteRate(nginx.bytes?.perSecond), '', ''),
    row('agent', agent.problem ? `status: ${agent.problem}` : agent.registered ? 'shipping' : 'not registered', agent.records ? `${count(agent.records.total)} sent` : '–',
      rate(agent.records?.perSecond), byteRate(agent.bytes?.perSecond), agent.bytesBehind === null ? '' : `${bytes(agent.bytesBehind)} behind`,
      agent.throttles === null ? '' : `${count(agent.throttles)} throttled, ${count(agent.retries)} retries`, (agent.throttles ?? 0) > 0),
    row('stream', snapshot.names.stream ?? '(DirectPut)', `${count(stream.records.total)} read`, rate(stream.records.perSecond), byteRate(stream.bytes.perSecond),
      stream.millisBehind === null ? '' : `${count(stream.millisBehind)} ms behind`, `${count(stream.throttles)} throttles`, stream.throttles > 0),
    row('firehose', snapshot.names.deliveryStream, `${count(firehose.delivered.total)} delivered`, rate(firehose.delivered.perSecond), byteRate(firehose.deliveredBytes.perSecond),
      `${count(buffered)} buffered, ${nextFlush === null ? 'empty' : `flush ${duration(nextFlush)}`}`, `${count(firehose.s3Retries)} S3 retries`, firehose.s3Retries > 0),
    row('function', snapshot.names.function ?? '(no transform)', `${count(fn.invocations.total)} invokes`, rate(fn.records.perSecond), '', `avg ${duration(fn.averageDurationMs)}`,
      `${count(fn.failedInvocations)} failed inv., ${count(fn.failedRecords)} failed rec.`, fn.failedInvocations + fn.failedRecords > 0),
    row('bucket', snapshot.names.bucket, `${count(bucket.objects.success)} objects`, '', '', `${count(bucket.objects.error)} error, ${snapshot.names.prefixes.backup === null ? 'no' : count(bucket.objects.backup)} backup`,
      `${count(errors.iamDenials)} IAM denials`, errors.iamDenials > 0),
    '',
    paint(BOLD, 'buffers'),
  ];
  if (firehose.buffers.length === 0) lines.push('  every buffer is empty');
  for (const buffer of firehose.buffers) {
    const filled = Math.round(buffer.fill * BAR);
    lines.push(clip(`  ${fit(`${buffer.kind}${buffer.partition ? ` ${buffer.partition}` : ''}`, 30)} [${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${fit(percent(buffer.fill), 4, 'right')} ${fit(`${count(buffer.records)} rec`, 11, 'right')} ${fit(bytes(buffer.bytes), 10, 'right')} of ${fit(bytes(buffer.sizeBytes), 9)} flush in ${duration(buffer.flushInMs)}`));
  }
  if (firehose.buffersNotShown > 0) lines.push(`  ${count(firehose.buffersNotShown)} more`);
  lines.push('', paint(BOLD, clip(`errors  ${count(errors.throttles)} throttles · ${count(errors.failedInvocations)} failed invocations · ${count(errors.s3Retries)} S3 retries · ${count(errors.iamDenials)} IAM denials`)));
  for (const error of errors.byCode.slice(0, 6)) lines.push(clip(`  ${fit(`${error.service} ${error.operation} ${error.code}`, Math.max(20, Math.min(70, options.width - 14)))} ${fit(count(error.count), 10, 'right')}`));
  if (snapshot.faults.length > 0) {
    lines.push('', paint(BOLD, 'fault rules'));
    for (const rule of snapshot.faults) lines.push(clip(`  ${rule.id} ${rule.service} ${rule.operation} → ${rule.error ?? `+${rule.latencyMs} ms`}  ${count(rule.hits)} hits`));
  }
  lines.push('', paint(BOLD, 'newest objects'));
  for (const objects of snapshot.objects) {
    const newest = objects.recent[0];
    lines.push(clip(`  ${fit(objects.kind, 8)} ${newest ? `${fit(newest.records === null ? '' : `${count(newest.records)} rec`, 10, 'right')}  ${newest.key}` : '(none yet)'}`));
  }
  return lines.map((line) => (options.color ? line : line.trimEnd()));
}
