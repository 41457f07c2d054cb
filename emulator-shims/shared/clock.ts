/**
 * The emulator's notion of "now". Real time by default; tests set or advance it through
 * `POST /_hosepipe/clock` so interval flushes and time-based prefixes need no waiting.
 */
export interface Clock {
  now(): number;
  /** Pins time to `epochMs` (it then advances with real time from there). */
  set(epochMs: number): void;
  /** Moves time forward by `ms` and wakes every listener. */
  advance(ms: number): void;
  /** Called after every set/advance, so timers can re-evaluate their deadlines. */
  onChange(listener: () => void): () => void;
}

export function createClock(): Clock {
  let offsetMs = 0;
  const listeners = new Set<() => void>();
  const notify = (): void => { for (const listener of listeners) listener(); };
  return {
    now: () => Date.now() + offsetMs,
    set(epochMs) {
      offsetMs = epochMs - Date.now();
      notify();
    },
    advance(ms) {
      offsetMs += ms;
      notify();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
