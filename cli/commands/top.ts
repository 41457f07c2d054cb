import { setTimeout as sleep } from 'node:timers/promises';
import type { PipelineRef, PipelineSnapshot } from '../../emulator-shims/index.js';
import { adminJson } from '../../stack/admin.js';
import { UsageError } from '../flags.js';
import { stateDir as resolveStateDir } from '../paths.js';
import { readRunState } from '../run-state.js';
import { renderTop } from '../top/render.js';

const DEFAULT_INTERVAL_MS = 1000;
const MIN_INTERVAL_MS = 200;
// Cursor home, clear to end of line / of screen, hide and show the cursor, and the alternate screen.
const HOME = '\x1b[H';
const CLEAR_LINE = '\x1b[K';
const CLEAR_BELOW = '\x1b[J';
const ENTER = '\x1b[?1049h\x1b[?25l';
const LEAVE = '\x1b[?25h\x1b[?1049l';

/**
 * `hosepipe top`: the pipeline view's figures in the terminal. On a terminal it redraws in place once a
 * second until q or Ctrl-C (or --count frames); otherwise it prints plain frames (one by default) and exits.
 */
export async function top(flags: Record<string, string | boolean>): Promise<number> {
  const endpoint = typeof flags.endpoint === 'string' ? flags.endpoint.replace(/\/$/, '') : readRunState(resolveStateDir(flags))?.endpoint;
  if (!endpoint) {
    console.error('hosepipe is not running (start it with `make up`), and no --endpoint was given');
    return 1;
  }
  const interactive = process.stdout.isTTY === true;
  const frames = flags.count === undefined ? (interactive ? Number.POSITIVE_INFINITY : 1) : whole(flags.count, 'count', 1);
  const interval = flags.interval === undefined ? DEFAULT_INTERVAL_MS : Math.max(MIN_INTERVAL_MS, whole(flags.interval, 'interval', 1));
  const ref = await choosePipeline(endpoint, flags);

  const stop = new AbortController();
  const restore = interactive ? takeTerminal(() => stop.abort()) : () => {};
  try {
    for (let frame = 0; frame < frames && !stop.signal.aborted; frame++) {
      const started = Date.now();
      const snapshot = await adminJson<PipelineSnapshot>(endpoint, `/_hosepipe/pipelines/${[ref.accountId, ref.region, ref.name].map(encodeURIComponent).join('/')}`, { purpose: 'hosepipe top' });
      // A pipe has no width: names are not cut there.
      const lines = renderTop(snapshot, { width: interactive ? process.stdout.columns || 120 : 200, color: interactive });
      if (interactive) process.stdout.write(`${HOME}${lines.map((line) => `${line}${CLEAR_LINE}`).join('\n')}\n${CLEAR_BELOW}`);
      else process.stdout.write(`${frame > 0 ? '\n' : ''}${lines.join('\n')}\n`);
      if (frame + 1 < frames) await sleep(Math.max(0, interval - (Date.now() - started)), undefined, { signal: stop.signal }).catch(() => undefined);
    }
  } finally {
    restore();
  }
  return 0;
}

/** The delivery stream to show: --stream (and --region), else the one `hosepipe up` runs, else the only one. */
async function choosePipeline(endpoint: string, flags: Record<string, string | boolean>): Promise<PipelineRef> {
  const { pipelines } = await adminJson<{ pipelines: PipelineRef[] }>(endpoint, '/_hosepipe/pipelines', { purpose: 'hosepipe top' });
  const wanted = typeof flags.stream === 'string' ? flags.stream : readRunState(resolveStateDir(flags))?.deliveryStream;
  const region = typeof flags.region === 'string' ? flags.region : undefined;
  const matches = pipelines.filter((ref) => (wanted === undefined || ref.name === wanted) && (region === undefined || ref.region === region));
  const listed = pipelines.map((ref) => `${ref.name} (${ref.region})`).join(', ') || 'none';
  if (matches.length === 0) throw new UsageError(`top: no delivery stream${wanted ? ` named ${wanted}` : ''}${region ? ` in ${region}` : ''} on ${endpoint} (there: ${listed})`);
  if (matches.length > 1 && wanted === undefined) throw new UsageError(`top: ${matches.length} delivery streams on ${endpoint}; pick one with --stream NAME [--region REGION] (there: ${listed})`);
  if (matches.length > 1) throw new UsageError(`top: ${wanted} exists in ${matches.map((ref) => ref.region).join(', ')}; pick one with --region`);
  return matches[0] as PipelineRef;
}

/** Alternate screen, no cursor, keys without Enter; q or Ctrl-C quits. Returns what puts the terminal back. */
function takeTerminal(quit: () => void): () => void {
  process.stdout.write(ENTER);
  const onKey = (key: Buffer): void => {
    if (key.includes(0x03) || key.includes(0x71)) quit();
  };
  const onSignal = (): void => quit();
  if (process.stdin.isTTY) {
    process.stdin.setRawMode(true);
    process.stdin.on('data', onKey);
    process.stdin.resume();
  }
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (process.stdin.isTTY) {
      process.stdin.off('data', onKey);
      process.stdin.setRawMode(false);
      process.stdin.pause();
    }
    process.stdout.write(LEAVE);
  };
}

function whole(value: string | boolean, name: string, minimum: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < minimum) throw new UsageError(`top: --${name} must be a whole number of at least ${minimum}, got '${String(value)}'`);
  return number;
}
