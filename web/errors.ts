/** Errors at a glance: throttles, failed invocations, S3 retries, IAM denials, and the endpoint's error answers by code. */
import type { PipelineSnapshot } from '../emulator-shims/admin/types.js';
import { el, renderIfChanged, setClass, setText } from './dom.js';
import { count } from './format.js';

const TOTALS: Array<{ label: string; value: (snapshot: PipelineSnapshot) => number }> = [
  { label: 'throttles', value: (s) => s.errors.throttles },
  { label: 'failed invocations', value: (s) => s.errors.failedInvocations },
  { label: 'S3 retries', value: (s) => s.errors.s3Retries },
  { label: 'IAM denials', value: (s) => s.errors.iamDenials },
];

export interface ErrorsView {
  root: HTMLElement;
  update(snapshot: PipelineSnapshot): void;
}

export function createErrors(): ErrorsView {
  const cells = TOTALS.map((total) => {
    const value = el('dd', { class: 'figure' });
    const row = el('div', { class: 'figure-row', 'data-error': total.label }, el('dt', {}, total.label), value);
    return { total, value, row };
  });
  const table = el('ul', { class: 'by-code', 'aria-labelledby': 'by-code-title' });
  const lastError = el('p', { class: 'note' });
  const root = el('section', { class: 'panel', 'aria-labelledby': 'errors-title' },
    el('h2', { id: 'errors-title' }, 'Errors'),
    el('dl', { class: 'totals' }, ...cells.map((cell) => cell.row)),
    lastError,
    el('p', { class: 'by-code-title', id: 'by-code-title' }, 'Error answers in this account and region'),
    table);
  return {
    root,
    update(snapshot) {
      for (const cell of cells) {
        const value = cell.total.value(snapshot);
        setText(cell.value, count(value));
        setClass(cell.row, 'alert', value > 0);
      }
      setText(lastError, snapshot.firehose.lastError ? `Last delivery error: ${snapshot.firehose.lastError}` : '');
      const rows = snapshot.errors.byCode;
      renderIfChanged(table, JSON.stringify(rows), () =>
        rows.length === 0
          ? [el('li', { class: 'muted' }, 'None.')]
          : rows.map((row) => el('li', {}, el('span', {}, `${row.service} ${row.operation} `, el('code', {}, row.code)), el('span', { class: 'figure' }, count(row.count)))));
    },
  };
}
