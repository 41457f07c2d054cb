import { setTimeout as sleep } from 'node:timers/promises';

/** Raised when a waited-for condition did not hold in time; says what and how long. */
export class WaitTimeoutError extends Error {
  readonly what: string;
  readonly timeoutMs: number;
  constructor(what: string, timeoutMs: number, options?: { cause?: unknown }) {
    super(`timed out after ${timeoutMs} ms waiting for ${what}`, options);
    this.name = 'WaitTimeoutError';
    this.what = what;
    this.timeoutMs = timeoutMs;
  }
}

/** Polls `check` until it returns true; never a fixed sleep. */
export async function waitUntil(what: string, check: () => Promise<boolean>, options: { timeoutMs: number; intervalMs: number }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new WaitTimeoutError(what, options.timeoutMs, { cause: lastError });
    await sleep(options.intervalMs);
  }
}
