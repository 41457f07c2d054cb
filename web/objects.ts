/**
 * The latest objects under each prefix. The newest one under each prefix is shown open (no click needed);
 * the others open on request. Records are pretty-printed JSON; error records show their rawData decoded.
 */
import type { ObjectPreview, ObjectSummary, PipelineRef, PipelineSnapshot, PrefixObjects } from '../emulator-shims/admin/types.js';
import { api } from './api.js';
import { el, renderIfChanged, setText } from './dom.js';
import { bytes, count } from './format.js';

const TITLES: Record<PrefixObjects['kind'], string> = { success: 'Success', error: 'Errors', backup: 'Raw backup' };

/** A record's text as JSON indented by two spaces, or as it is when it is not JSON. */
export function prettyRecord(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function renderPreview(preview: ObjectPreview): HTMLElement {
  const body = el('div', { class: 'preview' });
  const facts = [`${bytes(preview.size)}`, preview.compression === 'none' ? 'uncompressed' : preview.compression, `partition ${preview.partition || '(none)'}`];
  body.append(el('p', { class: 'muted object-facts' }, facts.join(' · ')));
  if (preview.note) body.append(el('p', { class: 'note' }, preview.note));
  preview.records.forEach((record, index) => {
    const item = el('div', { class: 'record' }, el('pre', { class: 'json', tabindex: '0', 'aria-label': `record ${index + 1}` }, prettyRecord(record.text)));
    if (record.rawData !== undefined) {
      item.append(el('p', { class: 'raw-label' }, record.rawDataBinary ? 'rawData, decoded (not UTF-8: bytes escaped)' : 'rawData, decoded'));
      item.append(el('pre', { class: 'raw' }, record.rawData));
    }
    body.append(item);
  });
  if (preview.truncated) body.append(el('p', { class: 'muted' }, 'Only the first records are shown.'));
  return body;
}

export interface ObjectsView {
  root: HTMLElement;
  update(snapshot: PipelineSnapshot, ref: PipelineRef): void;
}

export function createObjects(): ObjectsView {
  const container = el('div', { class: 'prefix-columns' });
  const root = el('section', { class: 'panel', 'aria-labelledby': 'objects-title' }, el('h2', { id: 'objects-title' }, 'Latest objects'), container);
  // Keys the user opened or closed by hand keep that state across updates.
  const chosen = new Map<string, boolean>();
  const sections = new Map<string, { list: HTMLElement; written: HTMLElement; prefix: HTMLElement }>();
  let current: PipelineRef | undefined;

  const objectItem = (ref: PipelineRef, prefix: PrefixObjects, object: ObjectSummary, newest: boolean): HTMLElement => {
    const stateKey = `${prefix.kind}\u0001${object.key}`;
    const open = chosen.get(stateKey) ?? newest;
    const content = el('div', { class: 'object-content' });
    const details = el('details', { class: 'object', open }, el('summary', {},
      el('span', { class: 'object-key' }, object.key),
      el('span', { class: 'muted' }, ` ${object.records === null ? '' : `${count(object.records)} records · `}${bytes(object.bytes)}${object.writtenAt ? ` · ${object.writtenAt.slice(11, 19)}` : ''}`)), content);
    const load = async (): Promise<void> => {
      if (content.childElementCount > 0) return;
      if (newest && prefix.newest && prefix.newest.key === object.key) {
        content.append(renderPreview(prefix.newest));
        return;
      }
      content.append(el('p', { class: 'muted' }, 'Opening…'));
      try {
        const preview = await api.object(ref, prefix.kind, object.key);
        content.replaceChildren(renderPreview(preview));
      } catch (error) {
        content.replaceChildren(el('p', { class: 'note' }, `Could not open it: ${(error as Error).message}`));
      }
    };
    details.addEventListener('toggle', () => {
      chosen.set(stateKey, details.open);
      if (details.open) void load();
    });
    if (open) void load();
    return details;
  };

  return {
    root,
    update(snapshot, ref) {
      if (current !== ref) {
        current = ref;
        chosen.clear();
      }
      renderIfChanged(container, snapshot.objects.map((prefix) => prefix.kind).join(','), () => {
        sections.clear();
        return snapshot.objects.map((prefix) => {
          const list = el('div', { class: 'object-list' });
          const written = el('span', { class: 'figure' });
          const prefixText = el('code', {});
          sections.set(prefix.kind, { list, written, prefix: prefixText });
          return el('section', { class: 'prefix', 'data-kind': prefix.kind, 'aria-labelledby': `prefix-${prefix.kind}` },
            el('h3', { id: `prefix-${prefix.kind}` }, TITLES[prefix.kind], ' ', written), prefixText, list);
        });
      });
      for (const prefix of snapshot.objects) {
        const section = sections.get(prefix.kind);
        if (!section) continue;
        setText(section.written, `${count(prefix.written)} written`);
        setText(section.prefix, `s3://${prefix.bucket}/${prefix.prefix}`);
        renderIfChanged(section.list, JSON.stringify([ref.accountId, ref.region, ref.name, prefix.recent.map((object) => object.key), prefix.newest?.key ?? null]), () =>
          prefix.recent.length === 0
            ? [el('p', { class: 'muted' }, 'Nothing written here yet.')]
            : prefix.recent.map((object, index) => objectItem(ref, prefix, object, index === 0)));
      }
    },
  };
}
