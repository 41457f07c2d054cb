import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { Scope } from '../../shared/index.js';
import type { RoleSession, SessionRegistry } from '../../sts/index.js';
import { runtimeFamily } from '../runtimes.js';
import { isJsonText } from '../json-text.js';
import { functionLogFile } from '../state-paths.js';
import { functionEnvironment } from './environment.js';
import { FunctionInstance } from './instance.js';
import { byteLength } from './frames.js';
import { InstancePool } from './instance-pool.js';
import { invocationAnswer } from './invocation-payload.js';
import { endLine, logStreamName, logTail, reportLine, startLine, timedOutLine } from './report-lines.js';

export interface RunnerOptions {
  stateDir: string;
  /** The endpoint's own account and region (their functions log to `<state>/logs/lambda/<name>.log`). */
  home: Scope;
  concurrency: number;
  endpointUrl: () => string | undefined;
  onLog?: (functionName: string, logStreamName: string, text: string, scope: Scope) => void;
  /** What Lambda's Node.js runtime provides beside a function (see runtime-modules.ts). */
  runtimeModules?: string;
  /** The Python interpreter Python functions run on (default `python3` on PATH). */
  python?: string;
  /** Issues each instance's credentials for the function's execution role; without it functions get dummy long-term keys. */
  sessions?: SessionRegistry;
}

// How long an instance's role credentials last (UNCONFIRMED: Lambda does not document its figure);
// an instance takes no new invocation in the last minutes of it, so a warm one never holds expired keys.
export const FUNCTION_SESSION_SECONDS = 12 * 3600;
const RETIRE_BEFORE_EXPIRY_MS = 5 * 60_000;

/** A function as the runner needs it: where it lives, its configuration, and where its code and layers are unpacked. */
export interface RunnableFunction {
  scope: Scope;
  configuration: FunctionConfiguration;
  taskRoot: string;
  /** The function's `/opt` (its layers, merged in order); none without layers. */
  optRoot?: string;
}

export interface InvocationRequest {
  /** The event bytes as received, in pieces; they reach the function without being joined or decoded. */
  payload: readonly Uint8Array[];
  invokedFunctionArn: string;
  clientContext?: unknown;
  tail: boolean;
  /**
   * Whether the payload must be one JSON text (a caller's payload; Firehose's own events are written
   * as JSON). Answered with `invalidPayload` when it is not, and then nothing runs and nothing is logged.
   */
  checkJson?: boolean;
  /**
   * The caller gives the `payload` array away: once the instance holds the bytes (written to its payload
   * file) the array is emptied, so the megabyte of body pieces dies young rather than living through the
   * invocation into the old generation, where only a full collection of the endpoint's heap frees it.
   */
  givesPayload?: boolean;
}

export interface InvocationAnswer {
  requestId: string;
  /** The response bytes, in the pieces they arrived in from the function. */
  payload: Buffer[];
  functionError?: 'Unhandled';
  logResult?: string;
  /** The payload was not JSON (only with `checkJson`): Lambda refuses the call with a 400. */
  invalidPayload?: true;
  /** When given, the payload's memory is reused for a later answer once this is called (after it is written). */
  release?: () => void;
}

/** An instance's output during an invocation: kept for a Tail answer, and preceded by START. */
interface Capture {
  text: string[] | undefined;
  streamName: string;
  /** Writes START, when the invocation's first output must be preceded by it. */
  beforeOutput?: () => void;
}

interface PoolEntry {
  revisionId: string;
  pool: InstancePool;
}

/** Runs invocations on warm instances, one pool per function, and writes the function logs. */
export class FunctionRunner {
  readonly #options: RunnerOptions;
  readonly #pools = new Map<string, PoolEntry>();
  readonly #logs = new Map<string, LogFile>();
  readonly #captures = new WeakMap<FunctionInstance, Capture>();

  constructor(options: RunnerOptions) {
    this.#options = options;
  }

  async invoke(fn: RunnableFunction, request: InvocationRequest): Promise<InvocationAnswer> {
    const configuration = fn.configuration;
    const name = configuration.FunctionName!;
    const requestId = randomUUID();
    const pool = this.#poolFor(fn);
    const logFile = functionLogFile(this.#options.stateDir, fn.scope, this.#options.home, name);
    const timeoutSeconds = configuration.Timeout ?? 3;
    // A warm Node runtime checks the JSON as it parses the event, which it does anyway; otherwise
    // (Python's parser is not JSON.parse, and no instance starts for a payload Lambda refuses) it is
    // checked here first.
    let checkJson = request.checkJson === true && byteLength(request.payload) > 0;
    if (checkJson && !(runtimeFamily(configuration.Runtime) === 'node' && pool.hasWarmInstance())) {
      if (!isJsonText(request.payload)) return Promise.resolve({ requestId, payload: [], invalidPayload: true });
      checkJson = false;
    }
    return pool.use(async (instance) => {
      const capture = this.#captures.get(instance)!;
      const log = this.#log(logFile);
      capture.text = [];
      // The text is in the file when this returns.
      const write = (text: string): void => {
        capture.text?.push(text);
        this.#options.onLog?.(name, capture.streamName, text, fn.scope);
        log.write(text);
      };
      // START comes before the invocation's first output; with the check left to the runtime, it is
      // written only once the runtime has said something other than that the event is not JSON.
      let started = false;
      const start = (): void => {
        if (started) return;
        started = true;
        capture.beforeOutput = undefined;
        write(startLine(requestId));
      };
      if (checkJson) capture.beforeOutput = start;
      else start();
      const outcome = await instance.invoke({
        requestId, payload: request.payload, invokedFunctionArn: request.invokedFunctionArn, clientContext: request.clientContext, ...(checkJson ? { checkJson } : {}),
        ...(request.givesPayload === true ? { givesPayload: true } : {}),
      });
      capture.beforeOutput = undefined;
      if (outcome.status === 'invalid-event') {
        capture.text = undefined;
        return { requestId, payload: [], invalidPayload: true as const, lost: outcome.lost };
      }
      start();
      write(endLine(requestId));
      write(reportLine({
        requestId,
        durationMs: outcome.status === 'timeout' ? timeoutSeconds * 1000 : outcome.durationMs,
        memorySizeMb: configuration.MemorySize ?? 128,
        maxMemoryUsedMb: outcome.memoryMb,
        ...(outcome.initDurationMs !== undefined ? { initDurationMs: outcome.initDurationMs } : {}),
        ...(outcome.status === 'timeout' ? { status: 'timeout' as const } : outcome.status === 'exited' ? { status: 'error' as const } : {}),
      }));
      if (outcome.status === 'timeout') write(timedOutLine(requestId, timeoutSeconds, Date.now()));
      // The invocation's lines are in the file before it answers, so a caller can read them right away.
      const tail = request.tail ? logTail(capture.text.join('')) : undefined;
      capture.text = undefined;
      const answer = invocationAnswer(outcome, requestId, timeoutSeconds);
      return { requestId, ...answer, ...(tail !== undefined ? { logResult: tail } : {}), lost: outcome.lost };
    }).then(({ lost: _lost, ...answer }) => answer);
  }

  /** Stops the warm instances of a function, so the next invocation starts from its current code and configuration. */
  async replace(scope: Scope, functionName: string): Promise<void> {
    const key = poolKey(scope, functionName);
    const entry = this.#pools.get(key);
    this.#pools.delete(key);
    await entry?.pool.retire();
  }

  async close(): Promise<void> {
    const entries = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(entries.map((entry) => entry.pool.close()));
    const logs = [...this.#logs.values()];
    this.#logs.clear();
    for (const log of logs) log.close();
  }

  #poolFor(fn: RunnableFunction): InstancePool {
    const key = poolKey(fn.scope, fn.configuration.FunctionName!);
    const revisionId = fn.configuration.RevisionId ?? '';
    const existing = this.#pools.get(key);
    if (existing?.revisionId === revisionId) return existing.pool;
    if (existing) void existing.pool.retire();
    const pool = new InstancePool(this.#options.concurrency, () => this.#startInstance(fn));
    this.#pools.set(key, { revisionId, pool });
    return pool;
  }

  #startInstance(fn: RunnableFunction): FunctionInstance {
    const configuration = fn.configuration;
    const name = configuration.FunctionName!;
    const log = this.#log(functionLogFile(this.#options.stateDir, fn.scope, this.#options.home, name));
    // One log stream per instance, as in CloudWatch Logs.
    const streamName = logStreamName(Date.now(), randomBytes(16).toString('hex'));
    const capture: Capture = { text: undefined, streamName };
    const session = this.#issueSession(configuration);
    const instance = new FunctionInstance({
      family: runtimeFamily(configuration.Runtime)!,
      ...(this.#options.python !== undefined ? { python: this.#options.python } : {}),
      taskRoot: fn.taskRoot,
      memoryMb: configuration.MemorySize ?? 128,
      timeoutSeconds: configuration.Timeout ?? 3,
      env: functionEnvironment({
        configuration,
        scope: fn.scope,
        taskRoot: fn.taskRoot,
        ...(fn.optRoot !== undefined ? { optRoot: fn.optRoot } : {}),
        ...(this.#options.runtimeModules !== undefined ? { runtimeModules: this.#options.runtimeModules } : {}),
        logStreamName: streamName,
        endpointUrl: this.#options.endpointUrl(),
        path: process.env.PATH,
        ...(session ? { credentials: session } : {}),
      }),
      ...(session ? { retireAtMs: session.expiresAt - RETIRE_BEFORE_EXPIRY_MS, onExit: () => this.#options.sessions?.revoke(session.accessKeyId) } : {}),
      onLog: (text) => {
        capture.beforeOutput?.();
        log.write(text);
        capture.text?.push(text);
        this.#options.onLog?.(name, streamName, text, fn.scope);
      },
    });
    this.#captures.set(instance, capture);
    return instance;
  }

  /** Credentials for the execution role, session named after the function as on Lambda; none for a Role that is not a role ARN. */
  #issueSession(configuration: FunctionConfiguration): RoleSession | undefined {
    const sessions = this.#options.sessions;
    if (sessions === undefined || configuration.Role === undefined) return undefined;
    try {
      return sessions.issue({ roleArn: configuration.Role, sessionName: configuration.FunctionName!, durationSeconds: FUNCTION_SESSION_SECONDS, issuer: 'lambda' });
    } catch {
      return undefined;
    }
  }

  #log(file: string): LogFile {
    let log = this.#logs.get(file);
    if (log === undefined) {
      mkdirSync(dirname(file), { recursive: true });
      log = appendOnlyFile(file);
      this.#logs.set(file, log);
    }
    return log;
  }
}

/** A function's log file. */
interface LogFile {
  /** Appends `text` before returning. */
  write(text: string): void;
  close(): void;
}

/**
 * Appends synchronously: an invocation writes a few short lines, and a write to the page cache costs
 * less than a round trip through the thread pool that the answer would otherwise wait for. A log that
 * cannot be written (disk full) must not end the endpoint: the invocation still answers.
 */
function appendOnlyFile(file: string): LogFile {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'a');
  } catch {
    fd = undefined;
  }
  return {
    write: (text) => {
      if (fd === undefined) return;
      try {
        writeSync(fd, text);
      } catch {
        // Lost, as a full disk loses it.
      }
    },
    close: () => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

function poolKey(scope: Scope, functionName: string): string {
  return `${scope.accountId}/${scope.region}/${functionName}`;
}
