import { once } from 'node:events';
import type { ChildMessage, InvokeMessage } from './protocol.js';
import { spawnRuntime, type RuntimeProcess, type SpawnSpec } from './spawn-instance.js';

// Lambda gives a sandbox 10 s to initialise, separately from the function timeout.
const INIT_LIMIT_MS = 10_000;
const STOP_GRACE_MS = 500;

export interface InstanceSpec extends SpawnSpec {
  timeoutSeconds: number;
  /** Receives every piece of function output, in order. */
  onLog(text: string): void;
  /** Called once when the process has ended, whatever ended it. */
  onExit?(): void;
  /** Epoch ms after which the instance takes no new invocation (its credentials expire soon after). */
  retireAtMs?: number;
}

export interface InvokeRequest {
  requestId: string;
  /** The event as the caller sent it, in pieces; passed to the instance without copying. */
  payload: readonly Uint8Array[];
  invokedFunctionArn: string;
  clientContext?: unknown;
  /** The payload's JSON is unchecked: the runtime checks it as it parses it (see InvokeMessage). */
  checkJson?: boolean;
  /** The payload array may be emptied once the instance holds the bytes (see InvocationRequest.givesPayload). */
  givesPayload?: boolean;
}

/** How one invocation ended; `lost` says the instance cannot serve another one. */
export type InvokeEnding =
  /** `release`, when given, is called once the payload's bytes are no longer needed (see AnswerBuffer). */
  | { status: 'success'; payload: Buffer[]; release?: () => void }
  | { status: 'error'; error: Record<string, unknown> }
  | { status: 'timeout' }
  | { status: 'exited'; reason: string }
  /** The unchecked payload was not JSON: nothing ran, and the instance is as it was. */
  | { status: 'invalid-event' };

export type InvokeOutcome = InvokeEnding & { durationMs: number; initDurationMs?: number; memoryMb: number; lost: boolean };

/** What a waiter hears: a lifecycle message, a result with its payload pieces, or the process ending. */
type Received =
  | Exclude<ChildMessage, { type: 'result' }>
  | (Extract<ChildMessage, { type: 'result' }> & { payload: Buffer[]; release?: () => void })
  | { type: 'exit'; reason: string };

/** One warm sandbox: a runtime process that serves invocations one at a time until it is stopped or dies. */
export class FunctionInstance {
  readonly #spec: InstanceSpec;
  readonly #process: RuntimeProcess;
  readonly #ready: Promise<{ ok: true } | { ok: false; error: Record<string, unknown> } | { ok: false; exited: string }>;
  readonly #startedAt = performance.now();
  #initDurationMs: number | undefined;
  #initReported = false;
  #exitReason: string | undefined;
  #waiter: ((message: Received) => void) | undefined;
  #memoryMb = 0;

  constructor(spec: InstanceSpec) {
    this.#spec = spec;
    this.#process = spawnRuntime(spec);
    const child = this.#process.child;
    this.#process.onStrayOutput((text) => spec.onLog(text));
    this.#process.onMessage((message, body, release) => {
      if (message.type === 'log') spec.onLog(message.text);
      else this.#waiter?.(message.type === 'result' ? { ...message, payload: body, ...(release ? { release } : {}) } : message);
    });
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      spec.onExit?.();
    };
    child.once('exit', end);
    // An error with no pid is a process that never started; other errors (a failed kill) leave it running.
    child.once('error', () => { if (child.pid === undefined) end(); });
    child.on('exit', (code, signal) => {
      this.#exitReason = signal ? `signal: ${signalName(signal)}` : `exit status ${code ?? 0}`;
      this.#waiter?.({ type: 'exit', reason: this.#exitReason });
    });
    child.on('error', (error) => {
      this.#exitReason ??= `${error.message}`;
      this.#waiter?.({ type: 'exit', reason: this.#exitReason });
    });
    this.#ready = this.#waitFor(INIT_LIMIT_MS).then((message) => {
      this.#initDurationMs = performance.now() - this.#startedAt;
      if (message === 'timeout') return { ok: false as const, exited: `init timed out after ${INIT_LIMIT_MS / 1000} seconds` };
      if (message.type === 'ready') return { ok: true as const };
      if (message.type === 'init-error') return { ok: false as const, error: message.error };
      return { ok: false as const, exited: message.type === 'exit' ? message.reason : 'unexpected message' };
    });
  }

  get alive(): boolean {
    return this.#exitReason === undefined;
  }

  /** Alive and not past its retirement time: it may take another invocation. */
  get reusable(): boolean {
    return this.alive && (this.#spec.retireAtMs === undefined || Date.now() < this.#spec.retireAtMs);
  }

  /** Runs one invocation, enforcing the function timeout; a timed-out or crashed instance is killed. */
  async invoke(request: InvokeRequest): Promise<InvokeOutcome> {
    const ready = await this.#ready;
    const initDurationMs = this.#initReported ? undefined : this.#initDurationMs;
    this.#initReported = true;
    const startedAt = performance.now();
    const finish = (outcome: InvokeEnding, lost: boolean): InvokeOutcome => {
      if (lost) this.kill();
      return { ...outcome, durationMs: performance.now() - startedAt, memoryMb: this.#memoryMb, lost, ...(initDurationMs !== undefined ? { initDurationMs } : {}) };
    };
    if (!ready.ok) {
      return 'error' in ready ? finish({ status: 'error', error: ready.error }, true) : finish({ status: 'exited', reason: ready.exited }, true);
    }
    const timeoutMs = this.#spec.timeoutSeconds * 1000;
    const message: InvokeMessage = {
      type: 'invoke',
      id: request.requestId,
      deadlineMs: Date.now() + timeoutMs,
      invokedFunctionArn: request.invokedFunctionArn,
      ...(request.clientContext !== undefined ? { clientContext: request.clientContext } : {}),
      ...(request.checkJson === true ? { checkJson: true } : {}),
    };
    const answer = this.#waitFor(timeoutMs, request.requestId);
    this.#process.send(message, request.payload, request.givesPayload === true);
    const reply = await answer;
    if (reply === 'timeout') return finish({ status: 'timeout' }, true);
    if (reply.type === 'result') {
      this.#memoryMb = reply.memoryMb;
      return finish({ status: 'success', payload: reply.payload, ...(reply.release ? { release: reply.release } : {}) }, false);
    }
    if (reply.type === 'invalid-event') return finish({ status: 'invalid-event' }, false);
    if (reply.type === 'error') {
      this.#memoryMb = reply.memoryMb;
      return finish({ status: 'error', error: reply.error }, !this.alive);
    }
    return finish({ status: 'exited', reason: reply.type === 'exit' ? reply.reason : 'unexpected message' }, true);
  }

  /** Waits for the next lifecycle message (or, with an id, the answer to that invoke), an exit, or the time limit. */
  #waitFor(limitMs: number, requestId?: string): Promise<Received | 'timeout'> {
    if (this.#exitReason !== undefined) return Promise.resolve({ type: 'exit', reason: this.#exitReason });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined;
        resolve('timeout');
      }, limitMs);
      this.#waiter = (message) => {
        if (requestId !== undefined && 'id' in message && message.id !== requestId) return;
        clearTimeout(timer);
        this.#waiter = undefined;
        resolve(message);
      };
    });
  }

  kill(): void {
    if (this.alive) this.#process.child.kill('SIGKILL');
  }

  /** Stops the instance: SIGTERM, then SIGKILL after a short grace. Idempotent. */
  async stop(): Promise<void> {
    const child = this.#process.child;
    if (!this.alive || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
}

function signalName(signal: NodeJS.Signals): string {
  return signal === 'SIGKILL' ? 'killed' : signal.toLowerCase().replace(/^sig/, '');
}
