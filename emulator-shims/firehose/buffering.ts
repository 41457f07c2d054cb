/** Buffering decisions (reference §11): size or interval, whichever first. Pure; times come from the clock. */

export interface BufferState {
  bytes: number;
  /** Clock time when the first record entered the buffer. */
  openedAtMs: number;
}

export interface BufferLimits {
  sizeBytes: number;
  intervalMs: number;
}

export const MIB = 1024 * 1024;
export const DEFAULT_SIZE_IN_MBS = 5;
export const DEFAULT_INTERVAL_IN_SECONDS = 300;

export function limitsFromHints(hints: { SizeInMBs?: number; IntervalInSeconds?: number } | undefined): BufferLimits {
  return {
    sizeBytes: (hints?.SizeInMBs ?? DEFAULT_SIZE_IN_MBS) * MIB,
    intervalMs: (hints?.IntervalInSeconds ?? DEFAULT_INTERVAL_IN_SECONDS) * 1000,
  };
}

/** True when the buffer must be delivered now. */
export function isBufferDue(state: BufferState, limits: BufferLimits, nowMs: number): boolean {
  if (state.bytes === 0) return false;
  return state.bytes >= limits.sizeBytes || nowMs - state.openedAtMs >= limits.intervalMs;
}

/** Clock time at which the buffer falls due by interval; undefined when empty. */
export function bufferDeadline(state: BufferState, limits: BufferLimits): number | undefined {
  return state.bytes === 0 ? undefined : state.openedAtMs + limits.intervalMs;
}

/** True when adding `bytes` more would exceed a hard cap, so the current contents must go first. */
export function wouldOverflow(currentBytes: number, addBytes: number, capBytes: number): boolean {
  return currentBytes > 0 && currentBytes + addBytes > capBytes;
}
