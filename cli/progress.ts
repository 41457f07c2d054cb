/**
 * A progress line for long commands (load, audit, e2e): done/total, rate and time left. On a terminal
 * one line is rewritten in place a few times a second; otherwise (CI, a pipe) a plain line is printed
 * every few seconds and at the end, so a log shows progress without carriage returns.
 */
import { count, duration, percent, rate } from '../web/index.js';

export interface Progress {
  /** `n` more done (default 1). */
  tick(n?: number): void;
  /** The total, when it is learnt only after starting. */
  setTotal(total: number): void;
  /** A line of its own above the progress line (a failure, a phase); plain on any output. */
  note(line: string): void;
  /** Prints the final line and ends it. */
  done(): void;
}

export interface ProgressOptions {
  /** Defaults to process.stderr. */
  stream?: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };
  /** What is counted: "sent", "objects read", "scenarios". */
  noun?: string;
  now?: () => number;
  /** Without a terminal: a line at most this often (default 5 s). */
  plainEveryMs?: number;
}

const REDRAW_MS = 250;

/** Pure: `load: 500/1,000 sent (50%) 820.0/s ETA 610 ms`. */
export function progressLine(label: string, done: number, total: number, elapsedMs: number, noun = ''): string {
  const perSecond = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const left = done >= total ? 0 : perSecond > 0 ? ((total - done) * 1000) / perSecond : null;
  return `${label}: ${count(done)}/${count(total)}${noun ? ` ${noun}` : ''} (${percent(total > 0 ? Math.min(1, done / total) : 1)}) ${rate(perSecond)} ETA ${duration(left)}`;
}

export function startProgress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const interactive = stream.isTTY === true;
  const now = options.now ?? (() => performance.now());
  const plainEveryMs = options.plainEveryMs ?? 5_000;
  const started = now();
  let done = 0;
  let known = total;
  let lastDrawn = Number.NEGATIVE_INFINITY;
  let shown = false;
  const line = (): string => progressLine(label, done, known, now() - started, options.noun);
  const draw = (force: boolean): void => {
    const at = now();
    if (!force && at - lastDrawn < (interactive ? REDRAW_MS : plainEveryMs)) return;
    lastDrawn = at;
    shown = true;
    stream.write(interactive ? `\r${line()}\x1b[K` : `${line()}\n`);
  };
  // A long first step (a scenario's stack starting) should not leave the screen blank.
  if (total > 0) draw(true);
  return {
    tick(n = 1) {
      done += n;
      draw(false);
    },
    setTotal(value) {
      known = value;
    },
    note(text) {
      stream.write(interactive && shown ? `\r\x1b[K${text}\n` : `${text}\n`);
      if (interactive && shown) stream.write(`${line()}\x1b[K`);
    },
    done() {
      draw(true);
      if (interactive) stream.write('\n');
    },
  };
}
