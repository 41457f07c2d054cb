/**
 * A one-slot wake-up: notify() before wait() is remembered, so a loop never sleeps through work
 * that arrived while it was busy.
 */
export class Wakeup {
  #pending = false;
  #resolve: (() => void) | undefined;

  notify(): void {
    this.#pending = true;
    const resolve = this.#resolve;
    this.#resolve = undefined;
    resolve?.();
  }

  /** Resolves on notify() or after `ms` (Infinity = only on notify). */
  async wait(ms: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.#resolve = resolve;
      if (Number.isFinite(ms)) timer = setTimeout(resolve, Math.max(0, ms));
    });
    clearTimeout(timer);
    this.#pending = false;
    this.#resolve = undefined;
  }
}
