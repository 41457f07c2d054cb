import type { IncomingHttpHeaders } from 'node:http';
import type { RoleAccess, Scope } from '../shared/index.js';
import type { LambdaAnswer } from './http.js';
import type { FunctionRunner } from './runtime/function-runner.js';
import type { LayerStore } from './layers/layer-store.js';
import type { FunctionStore } from './store.js';

/** What every operation may use; one per service instance, never module state. */
export interface LambdaContext {
  /** The endpoint's own account and region (functions elsewhere live in their request's scope). */
  home: Scope;
  stateDir: string;
  store: FunctionStore;
  layers: LayerStore;
  runner: FunctionRunner;
  endpointUrl(): string | undefined;
  now(): number;
  /** Background work (Event invocations) the service waits for on close. */
  track(work: Promise<unknown>): void;
  /** The endpoint's IAM: whether Lambda may assume a function's role. Absent: every role is accepted. */
  roles?: RoleAccess;
}

export interface OperationRequest {
  /** The account and region the call acts in (the edge's `call.scope`). */
  scope: Scope;
  target?: string;
  /** The second path parameter (a layer's VersionNumber). */
  version?: string;
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
  /**
   * `chunks` is this request's own array, read from the HTTP body and held by nothing else: a RequestResponse
   * Invoke may empty it once the instance holds the bytes (see InvocationRequest.givesPayload).
   */
  ownsChunks?: boolean;
}

export type Operation = (context: LambdaContext, request: OperationRequest) => Promise<LambdaAnswer>;
