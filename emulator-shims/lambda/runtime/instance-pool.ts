import type { FunctionInstance } from './instance.js';

/**
 * The warm instances of one function version. At most `limit` exist; an invocation takes an idle
 * one, starts a new one below the limit, or queues until one is released.
 */
export class InstancePool {
  readonly #limit: number;
  readonly #create: () => FunctionInstance;
  readonly #idle: FunctionInstance[] = [];
  readonly #all = new Set<FunctionInstance>();
  readonly #queue: Array<(instance: FunctionInstance) => void> = [];
  #retired = false;

  constructor(limit: number, create: () => FunctionInstance) {
    this.#limit = limit;
    this.#create = create;
  }

  /** Runs `work` on an instance of this pool; a lost instance is dropped and its slot refilled for the next waiter. */
  async use<T extends { lost: boolean }>(work: (instance: FunctionInstance) => Promise<T>): Promise<T> {
    const instance = await this.#acquire();
    let lost = true;
    try {
      const result = await work(instance);
      lost = result.lost;
      return result;
    } finally {
      this.#release(instance, lost);
    }
  }

  /** Whether the next use() gets a warm instance (one that has served an invocation) rather than a new one. */
  hasWarmInstance(): boolean {
    return this.#idle.some((instance) => instance.reusable);
  }

  #acquire(): Promise<FunctionInstance> {
    while (this.#idle.length > 0) {
      const instance = this.#idle.pop()!;
      if (instance.reusable) return Promise.resolve(instance);
      this.#all.delete(instance);
      void instance.stop();
    }
    if (this.#all.size < this.#limit) return Promise.resolve(this.#spawn());
    return new Promise((resolve) => this.#queue.push(resolve));
  }

  #spawn(): FunctionInstance {
    const instance = this.#create();
    this.#all.add(instance);
    return instance;
  }

  #release(instance: FunctionInstance, lost: boolean): void {
    const usable = !lost && instance.reusable && !this.#retired;
    if (!usable) {
      this.#all.delete(instance);
      void instance.stop();
    }
    const next = this.#queue.shift();
    if (next === undefined) {
      if (usable) this.#idle.push(instance);
      return;
    }
    // Waiters queued before a retirement still run, on whatever instance this pool can give them.
    next(usable ? instance : this.#spawn());
  }

  /** Stops idle instances now and busy ones when their invocation ends; queued invocations still run. */
  async retire(): Promise<void> {
    this.#retired = true;
    const idle = this.#idle.splice(0);
    for (const instance of idle) this.#all.delete(instance);
    await Promise.all(idle.map((instance) => instance.stop()));
  }

  /** Stops every instance at once, busy or not. */
  async close(): Promise<void> {
    this.#retired = true;
    this.#idle.length = 0;
    const all = [...this.#all];
    this.#all.clear();
    await Promise.all(all.map((instance) => instance.stop()));
  }
}
