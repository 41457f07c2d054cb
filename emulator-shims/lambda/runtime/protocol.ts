/**
 * Messages between the parent and a function instance; the same for both runtimes. Each travels as one
 * frame (frames.ts): the message below as the frame's JSON meta, and the invocation payload (event or
 * result) as the frame's raw body. Node instances use a dedicated pipe on fd 3; Python instances use
 * stdin and their original stdout. Function output travels on the same channel, so it stays in order
 * with the results. A Node instance also holds the payload file on fd 4 (spawn-instance.ts): an invoke
 * with `fileBytes` has its event there instead of in the frame body, and its result comes back there.
 */
export type ChildMessage =
  | { type: 'log'; text: string }
  | { type: 'ready' }
  | { type: 'init-error'; error: Record<string, unknown> }
  /** The frame body is the result payload (JSON, UTF-8); with `fileBytes`, the payload is that many bytes from the payload file's start. */
  | { type: 'result'; id: string; memoryMb: number; fileBytes?: number }
  | { type: 'error'; id: string; error: Record<string, unknown>; memoryMb: number }
  /** The event of an invoke sent with `checkJson` is not JSON: the handler did not run. */
  | { type: 'invalid-event'; id: string };

/** The frame body is the event payload, as the caller sent it. */
export interface InvokeMessage {
  type: 'invoke';
  id: string;
  deadlineMs: number;
  invokedFunctionArn: string;
  clientContext?: unknown;
  /**
   * The event's JSON was not checked before it was sent (Node runtimes only): when the runtime cannot
   * parse it, it answers `invalid-event` without running the handler or writing any output.
   */
  checkJson?: boolean;
  /** The event is this many bytes from the payload file's start, not the frame body. */
  fileBytes?: number;
}

// Lambda's response limit for synchronous invocations (6 MB plus a 100-byte allowance).
export const RESPONSE_LIMIT_BYTES = 6_291_556;

export function isChildMessage(value: unknown): value is ChildMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
