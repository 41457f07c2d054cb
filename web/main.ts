/**
 * The pipeline view at /_hosepipe/: polls the endpoint once a second for one delivery stream's snapshot
 * and updates the page in place. The chosen stream is kept in the URL's fragment (#account/region/name).
 */
import type { PipelineRef, PipelineSnapshot } from '../emulator-shims/admin/types.js';
import { api } from './api.js';
import { createBuffers } from './buffers.js';
import { createControls } from './controls.js';
import { el, setClass, setText } from './dom.js';
import { createErrors } from './errors.js';
import { duration } from './format.js';
import { createLogs } from './logs.js';
import { createObjects } from './objects.js';
import { createStages } from './stages.js';

const POLL_MS = 1000;
const LIST_EVERY_POLLS = 5;

const keyOf = (ref: Pick<PipelineRef, 'accountId' | 'region' | 'name'>): string => `${ref.accountId}/${ref.region}/${ref.name}`;

function start(): void {
  const app = document.getElementById('app');
  if (!app) return;
  let pipelines: PipelineRef[] = [];
  let selected: PipelineRef | undefined;
  let polls = 0;
  let timer: number | undefined;

  const picker = el('select', { id: 'pipeline' }) as HTMLSelectElement;
  const clock = el('span', { class: 'figure clock' });
  const connection = el('span', { class: 'connection', role: 'status' });
  const updated = el('span', { class: 'figure muted' });
  const stages = createStages();
  const buffers = createBuffers();
  const errors = createErrors();
  const objects = createObjects();
  const logs = createLogs();
  const controls = createControls(() => selected, () => schedule(0));
  const empty = el('p', { class: 'note', hidden: true }, 'No delivery stream yet. Start one with `hosepipe up`, or create it with the Firehose API.');

  app.append(
    el('header', { class: 'top' },
      el('h1', {}, 'hosepipe'),
      el('div', { class: 'picker' }, el('label', { for: 'pipeline' }, 'Delivery stream'), picker),
      el('div', { class: 'clock-box' }, el('span', { class: 'muted' }, 'clock '), clock),
      connection, updated),
    empty,
    el('section', { class: 'panel', 'aria-labelledby': 'diagram-title' }, el('h2', { id: 'diagram-title' }, 'Pipeline'), stages.root),
    el('div', { class: 'columns' },
      el('div', { class: 'column' }, buffers.root, errors.root, controls.root),
      el('div', { class: 'column wide' }, objects.root, logs.root)),
  );

  picker.addEventListener('change', () => {
    selected = pipelines.find((ref) => keyOf(ref) === picker.value);
    if (selected) history.replaceState(null, '', `#${keyOf(selected)}`);
    schedule(0);
  });

  const renderPicker = (): void => {
    const wanted = selected ? keyOf(selected) : decodeURIComponent(location.hash.slice(1));
    selected = pipelines.find((ref) => keyOf(ref) === wanted) ?? pipelines[0];
    const signature = pipelines.map(keyOf).join('\n');
    if (picker.dataset.signature !== signature) {
      picker.dataset.signature = signature;
      picker.replaceChildren(...pipelines.map((ref) => el('option', { value: keyOf(ref) }, `${ref.name} · ${ref.region}${ref.accountId === '000000000000' ? '' : ` · ${ref.accountId}`}`)));
    }
    if (selected) picker.value = keyOf(selected);
    empty.hidden = pipelines.length > 0;
  };

  const show = (snapshot: PipelineSnapshot, ref: PipelineRef): void => {
    setText(clock, `${snapshot.clock.now.slice(0, 19).replace('T', ' ')}Z${snapshot.clock.offsetMs > 1000 ? ` (+${duration(snapshot.clock.offsetMs)})` : ''}`);
    stages.update(snapshot);
    buffers.update(snapshot);
    errors.update(snapshot);
    objects.update(snapshot, ref);
    logs.update(snapshot);
    controls.update(snapshot);
  };

  const poll = async (): Promise<void> => {
    try {
      if (polls % LIST_EVERY_POLLS === 0 || !selected) {
        pipelines = await api.pipelines();
        renderPicker();
      }
      polls += 1;
      if (selected) {
        const ref = selected;
        const snapshot = await api.snapshot(ref);
        if (selected === ref) show(snapshot, ref);
      }
      setText(connection, 'live');
      setClass(connection, 'offline', false);
      setText(updated, `updated ${new Date().toTimeString().slice(0, 8)}`);
      document.body.dataset.ready = 'true';
    } catch (error) {
      setText(connection, `not connected: ${(error as Error).message}`);
      setClass(connection, 'offline', true);
    }
  };

  function schedule(delayMs: number): void {
    if (timer !== undefined) window.clearTimeout(timer);
    timer = window.setTimeout(async () => {
      timer = undefined;
      const started = performance.now();
      await poll();
      if (timer === undefined) schedule(Math.max(0, POLL_MS - (performance.now() - started)));
    }, delayMs);
  }

  schedule(0);
}

start();
