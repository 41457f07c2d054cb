/**
 * A service's delayed state changes (a stream's CREATING → ACTIVE, ENABLING → ENABLED, a deletion), each after
 * the delay Describe shows the intermediate status for. A delay of 0 (what tests ask for) makes the change at
 * once, before the call that asked for it answers: on a timer, a client's next call on the same keep-alive
 * connection could arrive first and find the stream still CREATING (ResourceNotFoundException to a put).
 */
export interface Later {
  /** Runs `action` after `delayMs` (at once when 0), unless cancelled first; a failure of it is dropped. */
  (delayMs: number, action: () => void | Promise<void>): void;
  /** Cancels every action still waiting, and any asked for later. */
  cancelAll(): void;
}

export function createLater(): Later {
  const timers = new Set<NodeJS.Timeout>();
  let cancelled = false;
  const run = (action: () => void | Promise<void>): void => {
    try {
      void Promise.resolve(action()).catch(() => undefined);
    } catch {
      // As a rejected promise: dropped.
    }
  };
  const later = ((delayMs: number, action: () => void | Promise<void>): void => {
    if (cancelled) return;
    if (delayMs <= 0) {
      run(action);
      return;
    }
    const timer: NodeJS.Timeout = setTimeout(() => {
      timers.delete(timer);
      if (!cancelled) run(action);
    }, delayMs);
    timer.unref?.();
    timers.add(timer);
  }) as Later;
  later.cancelAll = () => {
    cancelled = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
  return later;
}
