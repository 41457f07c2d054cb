/** Firehose's open buffers: fill against the size hint and time until the interval runs out. */
import type { BufferFill, PipelineSnapshot } from '../emulator-shims/admin/types.js';
import { el, renderIfChanged, setText } from './dom.js';
import { bytes, count, duration, percent } from './format.js';

const KIND_LABEL: Record<BufferFill['kind'], string> = { lambda: 'to the function', destination: 'success object', backup: 'backup object', error: 'error object' };

export interface BuffersView {
  root: HTMLElement;
  update(snapshot: PipelineSnapshot): void;
}

export function createBuffers(): BuffersView {
  const list = el('ul', { class: 'buffers' });
  const empty = el('p', { class: 'muted' });
  const root = el('section', { class: 'panel', 'aria-labelledby': 'buffers-title' }, el('h2', { id: 'buffers-title' }, 'Buffers'), empty, list);
  const rows = new Map<string, { meter: HTMLMeterElement; fill: HTMLElement; records: HTMLElement; size: HTMLElement; due: HTMLElement }>();
  return {
    root,
    update(snapshot) {
      const buffers = snapshot.firehose.buffers;
      setText(empty, buffers.length === 0 ? 'Every buffer is empty.' : snapshot.firehose.buffersNotShown > 0 ? `${count(snapshot.firehose.buffersNotShown)} more not shown.` : '');
      const idOf = (buffer: BufferFill): string => `${buffer.kind}\u0001${buffer.partition}`;
      renderIfChanged(list, buffers.map(idOf).join('\u0002'), () => {
        rows.clear();
        return buffers.map((buffer) => {
          const meter = el('meter', { min: '0', max: '1', value: '0' }) as HTMLMeterElement;
          const fill = el('span', { class: 'figure narrow' });
          const records = el('span', { class: 'figure' });
          const size = el('span', { class: 'figure' });
          const due = el('span', { class: 'figure' });
          rows.set(idOf(buffer), { meter, fill, records, size, due });
          const label = `${KIND_LABEL[buffer.kind]}${buffer.partition ? ` ${buffer.partition}` : ''}`;
          meter.setAttribute('aria-label', `${label} fill`);
          return el('li', { class: 'buffer' },
            el('div', { class: 'buffer-label' }, label),
            el('div', { class: 'buffer-bar' }, meter, fill),
            el('div', { class: 'buffer-facts' }, records, el('span', { class: 'muted' }, ' · '), size, el('span', { class: 'muted' }, ' · flush in '), due));
        });
      });
      for (const buffer of buffers) {
        const row = rows.get(idOf(buffer));
        if (!row) continue;
        row.meter.value = buffer.fill;
        setText(row.fill, percent(buffer.fill));
        setText(row.records, `${count(buffer.records)} rec`);
        setText(row.size, `${bytes(buffer.bytes)} of ${bytes(buffer.sizeBytes)}`);
        setText(row.due, duration(buffer.flushInMs));
      }
    },
  };
}
