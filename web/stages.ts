/** The pipeline diagram: one card per stage, each a fixed list of figures whose text is updated in place. */
import type { PipelineSnapshot } from '../emulator-shims/admin/types.js';
import { el, setClass, setText } from './dom.js';
import { bytes, byteRate, count, duration, rate } from './format.js';

interface Figure {
  label: string;
  value: (snapshot: PipelineSnapshot) => string;
  /** Shown as an alert (errors above zero, lag that grows). */
  alert?: (snapshot: PipelineSnapshot) => boolean;
}

interface StageSpec {
  id: string;
  title: string;
  name: (snapshot: PipelineSnapshot) => string;
  figures: Figure[];
}

const positive = (value: number | null | undefined): boolean => (value ?? 0) > 0;

export const STAGES: StageSpec[] = [
  {
    id: 'nginx', title: 'nginx', name: (s) => s.nginx.url ?? (s.nginx.registered ? '' : 'not registered'),
    figures: [
      { label: 'lines', value: (s) => count(s.nginx.lines?.total) },
      { label: 'lines/s', value: (s) => rate(s.nginx.lines?.perSecond, '') },
      { label: 'bytes/s', value: (s) => byteRate(s.nginx.bytes?.perSecond) },
    ],
  },
  {
    id: 'agent', title: 'agent', name: (s) => (s.agent.problem ? `status: ${s.agent.problem}` : s.agent.registered ? 'shipping' : 'not registered'),
    figures: [
      { label: 'sent', value: (s) => count(s.agent.records?.total) },
      { label: 'records/s', value: (s) => rate(s.agent.records?.perSecond, '') },
      { label: 'bytes/s', value: (s) => byteRate(s.agent.bytes?.perSecond) },
      { label: 'behind', value: (s) => bytes(s.agent.bytesBehind), alert: (s) => (s.agent.bytesBehind ?? 0) > 1024 * 1024 },
      { label: 'throttled', value: (s) => count(s.agent.throttles), alert: (s) => positive(s.agent.throttles) },
      { label: 'retries', value: (s) => count(s.agent.retries), alert: (s) => positive(s.agent.retries) },
    ],
  },
  {
    id: 'stream', title: 'Kinesis stream', name: (s) => s.names.stream ?? '(DirectPut: no stream)',
    figures: [
      { label: 'read', value: (s) => count(s.stream.records.total) },
      { label: 'records/s', value: (s) => rate(s.stream.records.perSecond, '') },
      { label: 'bytes/s', value: (s) => byteRate(s.stream.bytes.perSecond) },
      { label: 'ms behind', value: (s) => count(s.stream.millisBehind), alert: (s) => (s.stream.millisBehind ?? 0) > 10_000 },
      { label: 'throttles', value: (s) => count(s.stream.throttles), alert: (s) => positive(s.stream.throttles) },
      { label: 'errors', value: (s) => count(s.stream.errors), alert: (s) => positive(s.stream.errors) },
    ],
  },
  {
    id: 'firehose', title: 'Firehose', name: (s) => s.names.deliveryStream,
    figures: [
      { label: 'delivered', value: (s) => count(s.firehose.delivered.total) },
      { label: 'records/s', value: (s) => rate(s.firehose.delivered.perSecond, '') },
      { label: 'bytes/s', value: (s) => byteRate(s.firehose.deliveredBytes.perSecond) },
      { label: 'buffered', value: (s) => count(s.firehose.buffers.reduce((sum, buffer) => sum + buffer.records, 0)) },
      { label: 'next flush', value: (s) => duration(s.firehose.buffers.length === 0 ? null : Math.min(...s.firehose.buffers.map((buffer) => buffer.flushInMs))) },
      { label: 'S3 retries', value: (s) => count(s.firehose.s3Retries), alert: (s) => positive(s.firehose.s3Retries) },
    ],
  },
  {
    id: 'function', title: 'function', name: (s) => s.names.function ?? '(no transform)',
    figures: [
      { label: 'invokes', value: (s) => count(s.function.invocations.total) },
      { label: 'records/s', value: (s) => rate(s.function.records.perSecond, '') },
      { label: 'avg time', value: (s) => duration(s.function.averageDurationMs) },
      { label: 'failed inv.', value: (s) => count(s.function.failedInvocations), alert: (s) => positive(s.function.failedInvocations) },
      { label: 'failed rec.', value: (s) => count(s.function.failedRecords), alert: (s) => positive(s.function.failedRecords) },
      { label: 'dropped', value: (s) => count(s.function.droppedRecords) },
    ],
  },
  {
    id: 'bucket', title: 'S3 bucket', name: (s) => s.names.bucket,
    figures: [
      { label: 'success', value: (s) => count(s.bucket.objects.success) },
      { label: 'errors', value: (s) => count(s.bucket.objects.error), alert: (s) => positive(s.bucket.objects.error) },
      { label: 'backup', value: (s) => (s.names.prefixes.backup === null ? 'off' : count(s.bucket.objects.backup)) },
      { label: 'IAM denied', value: (s) => count(s.errors.iamDenials), alert: (s) => positive(s.errors.iamDenials) },
    ],
  },
];

export interface StageView {
  root: HTMLElement;
  update(snapshot: PipelineSnapshot): void;
}

/** The diagram: stages in pipeline order with arrows between them (a list, so screen readers read it in order). */
export function createStages(): StageView {
  const updaters: Array<(snapshot: PipelineSnapshot) => void> = [];
  const items = STAGES.map((stage, index) => {
    const name = el('span', { class: 'stage-name' });
    const rows = stage.figures.map((figure) => {
      const value = el('dd', { class: 'figure' });
      const row = el('div', { class: 'figure-row' }, el('dt', {}, figure.label), value);
      updaters.push((snapshot) => {
        setText(value, figure.value(snapshot));
        setClass(row, 'alert', figure.alert?.(snapshot) ?? false);
      });
      return row;
    });
    updaters.push((snapshot) => setText(name, stage.name(snapshot)));
    const headingId = `stage-${stage.id}-title`;
    return el('li', { class: 'stage', id: `stage-${stage.id}`, 'data-stage': stage.id, 'aria-labelledby': headingId },
      el('h3', { id: headingId }, el('span', { class: 'stage-title' }, stage.title), name),
      el('dl', {}, ...rows),
      index < STAGES.length - 1 ? el('span', { class: 'arrow', 'aria-hidden': 'true' }, '→') : null);
  });
  const root = el('div', {}, el('ol', { class: 'diagram', 'aria-label': 'pipeline stages, in order' }, ...items), prefixList(updaters));
  return { root, update: (snapshot) => { for (const update of updaters) update(snapshot); } };
}

/** The bucket's three outputs under the diagram: where records, failures and raw copies land. */
function prefixList(updaters: Array<(snapshot: PipelineSnapshot) => void>): HTMLElement {
  const outputs = [
    { label: 'success', prefix: (s: PipelineSnapshot) => s.names.prefixes.success },
    { label: 'error', prefix: (s: PipelineSnapshot) => s.names.prefixes.error },
    { label: 'backup', prefix: (s: PipelineSnapshot) => s.names.prefixes.backup ?? '(backup off)' },
  ];
  return el('ul', { class: 'prefixes', 'aria-label': 'bucket prefixes' }, ...outputs.map((output) => {
    const code = el('code', {});
    const written = el('span', { class: 'figure' });
    updaters.push((snapshot) => {
      setText(code, output.prefix(snapshot) || '(bucket root)');
      setText(written, `${count(snapshot.bucket.objects[output.label as 'success' | 'error' | 'backup'])} objects`);
    });
    return el('li', { 'data-prefix': output.label }, el('span', { class: 'prefix-label' }, `↳ ${output.label} `), written, el('br', {}), code);
  }));
}
