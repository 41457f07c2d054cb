import type { IncomingHttpHeaders } from 'node:http';
import type { Scope } from '../shared/index.js';
import type { LambdaAnswer } from './http.js';
import type { FunctionRunner } from './runtime/function-runner.js';
import type { FunctionStore } from './store.js';

/** What every operation may use; one per service instance, never module state. */
export interface LambdaContext {
  scope: Scope;
  stateDir: string;
  store: FunctionStore;
  runner: FunctionRunner;
  endpointUrl(): string | undefined;
  now(): number;
  /** Background work (Event invocations) the service waits for on close. */
  track(work: Promise<unknown>): void;
}

export interface OperationRequest {
  target?: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body joined into one buffer (joined on first use). */
  readonly body: Buffer;
  /** The body in the pieces it arrived in, for operations that pass it on unjoined (Invoke). */
  chunks: readonly Buffer[];
  /** The body's length in bytes. */
  size: number;
  /** The body is JSON this process wrote itself (the Firehose shim's events), so Invoke does not check it again. */
  writtenAsJson?: boolean;
}

export type Operation = (context: LambdaContext, request: OperationRequest) => Promise<LambdaAnswer>;
