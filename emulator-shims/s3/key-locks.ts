/** One commit at a time per object key: a put, a delete or a completion of the same key wait in turn. */
export class KeyLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, action: () => T | Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const result = previous ? previous.then(action, action) : Promise.resolve().then(action);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => { if (this.tails.get(key) === tail) this.tails.delete(key); });
    return result;
  }
}
