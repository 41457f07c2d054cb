/** The function's latest CloudWatch log lines; START / END / REPORT lines set apart from the function's own prints. */
import type { PipelineSnapshot } from '../emulator-shims/admin/types.js';
import { el, renderIfChanged, setText } from './dom.js';

const PLATFORM_LINE = /^(START|END|REPORT|INIT_START) RequestId|^(START|END|REPORT|INIT_START)\b/;

export interface LogsView {
  root: HTMLElement;
  update(snapshot: PipelineSnapshot): void;
}

export function createLogs(): LogsView {
  const group = el('code', {});
  const lines = el('ol', { class: 'log-lines', tabindex: '0', 'aria-label': 'function log lines, oldest first' });
  const root = el('section', { class: 'panel', 'aria-labelledby': 'logs-title' }, el('h2', { id: 'logs-title' }, 'Function logs ', group), lines);
  return {
    root,
    update(snapshot) {
      setText(group, snapshot.function.logGroup ?? '(no function)');
      const logs = snapshot.function.logs;
      renderIfChanged(lines, JSON.stringify(logs.map((line) => [line.timestamp, line.message])), () =>
        logs.length === 0
          ? [el('li', { class: 'muted' }, 'No log lines yet.')]
          : logs.map((line) => el('li', { class: PLATFORM_LINE.test(line.message) ? 'log platform' : 'log' },
            el('time', { datetime: line.timestamp }, line.timestamp.slice(11, 23)), ' ', line.message)));
    },
  };
}
