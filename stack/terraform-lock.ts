import { hostname } from 'node:os';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The lock file hosepipe keeps in a Terraform root while it writes its endpoint override there and runs
 * Terraform: two stacks applying the same root (e2e slots, two `up --terraform`) take turns, so neither's
 * Terraform reads the other's override (endpoint and state).
 */
export const ROOT_LOCK_FILE = '.hosepipe_endpoint_override.lock';

/** Who holds a root's lock, as its lock file says. */
export interface RootLockHolder {
  pid: number;
  host: string;
  /** What the holder is doing (`terraform apply against http://127.0.0.1:4566`). */
  purpose: string;
  since: string;
}

export interface RootLockOptions {
  /** Said once when the lock is held by another: who holds it. */
  onWait?: (message: string) => void;
  /** Default 30 minutes: a Terraform apply of a large root is slow. */
  timeoutMs?: number;
  /** Default 200 ms. */
  pollMs?: number;
}

export class RootLockTimeoutError extends Error {
  readonly holder: RootLockHolder | undefined;
  constructor(message: string, holder: RootLockHolder | undefined) {
    super(message);
    this.name = 'RootLockTimeoutError';
    this.holder = holder;
  }
}

/**
 * Runs `work` holding `dir`'s lock (an O_EXCL file naming this process), and releases it however `work`
 * ends. A lock whose holder is a process of this host that no longer runs is taken over.
 */
export async function withRootLock<T>(dir: string, purpose: string, work: () => Promise<T>, options: RootLockOptions = {}): Promise<T> {
  const path = join(dir, ROOT_LOCK_FILE);
  const mine: RootLockHolder = { pid: process.pid, host: hostname(), purpose, since: new Date().toISOString() };
  const content = `${JSON.stringify(mine)}\n`;
  await acquire(dir, path, content, options);
  try {
    return await work();
  } finally {
    // Ours only: never remove a lock another took over.
    if ((await readFile(path, 'utf8').catch(() => undefined)) === content) await unlink(path).catch(() => {});
  }
}

async function acquire(dir: string, path: string, content: string, options: RootLockOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const pollMs = options.pollMs ?? 200;
  const deadline = Date.now() + timeoutMs;
  let said = false;
  for (;;) {
    if (await create(path, content)) return;
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) continue; // released between the two calls
    const holder = parseHolder(text);
    if (holder === undefined || isDead(holder)) {
      await takeOver(path, text);
      continue;
    }
    if (!said) {
      said = true;
      options.onWait?.(`the Terraform root ${dir} is in use by ${describe(holder)}: waiting for it to finish`);
    }
    if (Date.now() >= deadline) {
      throw new RootLockTimeoutError(`the Terraform root ${dir} is still in use by ${describe(holder)} after ${Math.round(timeoutMs / 1000)} s: if that process is gone, remove ${path}`, holder);
    }
    await sleep(pollMs);
  }
}

/** Puts `content` at `path` unless something is there: written aside, then linked, so the lock file is never seen half-written. */
async function create(path: string, content: string): Promise<boolean> {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.new`;
  await writeFile(temp, content, { flag: 'wx' });
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => {});
  }
}

/**
 * Removes a stale lock whose text is `stale`. Renaming it away first is atomic, so of two waiters taking over
 * the same stale lock only one moves it; if what was moved is not the stale text (another had taken over
 * already), it is put back when nothing holds the name, and the waiter goes on waiting.
 */
async function takeOver(path: string, stale: string): Promise<void> {
  const aside = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => stale);
  if (moved !== stale && (await create(path, moved))) {
    await unlink(aside).catch(() => {});
    return;
  }
  await unlink(aside).catch(() => {});
}

function parseHolder(text: string): RootLockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<RootLockHolder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string') {
      return { pid: value.pid, host: value.host, purpose: String(value.purpose ?? ''), since: String(value.since ?? '') };
    }
  } catch {
    // Not a lock hosepipe wrote (create links only whole files): taken over.
  }
  return undefined;
}

function isDead(holder: RootLockHolder): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function describe(holder: RootLockHolder): string {
  return `pid ${holder.pid} on ${holder.host}${holder.purpose === '' ? '' : ` (${holder.purpose})`}${holder.since === '' ? '' : ` since ${holder.since}`}`;
}
