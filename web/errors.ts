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
  const table = el('tbody', {});
  const lastError = el('p', { class: 'note' });
  const root = el('section', { class: 'panel', 'aria-labelledby': 'errors-title' },
    el('h2', { id: 'errors-title' }, 'Errors'),
    el('dl', { class: 'totals' }, ...cells.map((cell) => cell.row)),
    lastError,
    el('table', { class: 'by-code' },
      el('caption', {}, 'Error answers in this account and region'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'service'), el('th', { scope: 'col' }, 'operation'), el('th', { scope: 'col' }, 'code'), el('th', { scope: 'col', class: 'number' }, 'count'))),
      table));
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
          ? [el('tr', {}, el('td', { colspan: '4', class: 'muted' }, 'None.'))]
          : rows.map((row) => el('tr', {}, el('td', {}, row.service), el('td', {}, row.operation), el('td', {}, row.code), el('td', { class: 'number figure' }, count(row.count)))));
    },
  };
}
