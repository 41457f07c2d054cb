/** What the admin API already does, one click (or Enter) away: flush now, move the clock, add and clear fault rules. */
import type { PipelineRef, PipelineSnapshot } from '../emulator-shims/admin/types.js';
import { api } from './api.js';
import { el, renderIfChanged, setText } from './dom.js';
import { count, duration } from './format.js';

export interface ControlsView {
  root: HTMLElement;
  update(snapshot: PipelineSnapshot): void;
}

/** Fault presets for the pipeline's usual trouble; the fields stay editable. */
const PRESETS = [
  { label: 'Kinesis PutRecords throttled', service: 'kinesis', operation: 'PutRecords', error: 'ProvisionedThroughputExceededException' },
  { label: 'S3 PutObject 500', service: 's3', operation: 'PutObject', error: 'InternalError' },
  { label: 'Lambda Invoke fails', service: 'lambda', operation: 'Invoke', error: 'ServiceException' },
];

export function createControls(current: () => PipelineRef | undefined, refresh: () => void): ControlsView {
  const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const run = async (button: HTMLButtonElement, action: () => Promise<string>): Promise<void> => {
    button.disabled = true;
    setText(status, `${button.textContent ?? ''}…`);
    try {
      setText(status, await action());
      refresh();
    } catch (error) {
      setText(status, `Failed: ${(error as Error).message}`);
    } finally {
      button.disabled = false;
    }
  };

  const flush = el('button', { type: 'button', id: 'flush' }, 'Flush now');
  flush.addEventListener('click', () => void run(flush, async () => {
    const ref = current();
    if (!ref) return 'No delivery stream selected.';
    const report = await api.flush(ref);
    return `Flushed ${ref.name}: ${count(report.objectsWritten)} objects, ${count(report.recordsDelivered)} records delivered, ${count(report.recordsFailed)} failed.`;
  }));

  const seconds = el('input', { type: 'number', id: 'clock-seconds', min: '1', step: '1', value: '60', inputmode: 'numeric' }) as HTMLInputElement;
  const advance = el('button', { type: 'submit' }, 'Move clock');
  const clockForm = el('form', { class: 'inline', 'aria-label': 'move the clock' },
    el('label', { for: 'clock-seconds' }, 'Move the clock by'), seconds, el('span', {}, 's'), advance);
  clockForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const ms = Math.round(Number(seconds.value) * 1000);
    if (!Number.isFinite(ms) || ms <= 0) {
      setText(status, 'Give a number of seconds above 0.');
      return;
    }
    void run(advance, async () => `Clock now ${(await api.advanceClock(ms)).now} (moved ${duration(ms)}).`);
  });

  const field = (id: string, label: string, input: HTMLInputElement | HTMLSelectElement): HTMLElement => el('div', { class: 'field' }, el('label', { for: id }, label), input);
  const preset = el('select', { id: 'fault-preset' }, ...PRESETS.map((item, index) => el('option', { value: String(index) }, item.label))) as HTMLSelectElement;
  const service = el('input', { id: 'fault-service', value: 'kinesis', required: true, autocomplete: 'off' }) as HTMLInputElement;
  const operation = el('input', { id: 'fault-operation', value: 'PutRecords', autocomplete: 'off' }) as HTMLInputElement;
  const error = el('input', { id: 'fault-error', value: 'ProvisionedThroughputExceededException', autocomplete: 'off' }) as HTMLInputElement;
  const times = el('input', { id: 'fault-count', type: 'number', min: '1', step: '1', value: '5', inputmode: 'numeric' }) as HTMLInputElement;
  const probability = el('input', { id: 'fault-probability', type: 'number', min: '0', max: '1', step: '0.05', placeholder: 'or 0..1' }) as HTMLInputElement;
  preset.addEventListener('change', () => {
    const chosen = PRESETS[Number(preset.value)];
    if (!chosen) return;
    service.value = chosen.service;
    operation.value = chosen.operation;
    error.value = chosen.error;
  });
  const add = el('button', { type: 'submit', id: 'fault-add' }, 'Add fault rule');
  const faultForm = el('form', { class: 'fault-form', 'aria-label': 'add a fault rule' },
    field('fault-preset', 'Preset', preset), field('fault-service', 'Service', service), field('fault-operation', 'Operation', operation),
    field('fault-error', 'Error code', error), field('fault-count', 'Next N calls', times), field('fault-probability', 'Probability', probability), add);
  faultForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const rule: Record<string, unknown> = { service: service.value.trim(), operation: operation.value.trim() || '*', error: error.value.trim() };
    if (probability.value !== '') rule.probability = Number(probability.value);
    else if (times.value !== '') rule.count = Number(times.value);
    void run(add, async () => `Added fault rule ${(await api.addFault(rule)).rules.map((added) => added.id).join(', ')}.`);
  });

  const clear = el('button', { type: 'button', id: 'fault-clear' }, 'Clear fault rules');
  clear.addEventListener('click', () => void run(clear, async () => `Cleared ${count((await api.clearFaults()).cleared)} fault rules.`));
  const rules = el('ul', { class: 'rules', 'aria-label': 'fault rules' });

  const root = el('section', { class: 'panel controls', 'aria-labelledby': 'controls-title' },
    el('h2', { id: 'controls-title' }, 'Controls'),
    el('div', { class: 'inline' }, flush),
    clockForm,
    faultForm,
    el('h3', {}, 'Fault rules'), rules, clear,
    status);

  return {
    root,
    update(snapshot) {
      renderIfChanged(rules, JSON.stringify(snapshot.faults), () =>
        snapshot.faults.length === 0
          ? [el('li', { class: 'muted' }, 'No fault rules.')]
          : snapshot.faults.map((rule) => el('li', { 'data-rule': rule.id },
            `${rule.id}: ${rule.service} ${rule.operation} → ${rule.error ?? 'latency'}${rule.count !== undefined ? ` for the next ${rule.count}` : ''}${rule.probability !== undefined ? ` with p=${rule.probability}` : ''}${rule.latencyMs ? ` after ${rule.latencyMs} ms` : ''}, `,
            el('span', { class: 'figure' }, `${count(rule.hits)} hits`))));
    },
  };
}
