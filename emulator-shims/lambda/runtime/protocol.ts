/** Messages between the parent and a function instance; the same for both runtimes. */
export type ChildMessage =
  | { type: 'log'; text: string }
  | { type: 'ready' }
  | { type: 'init-error'; error: Record<string, unknown> }
  | { type: 'result'; id: string; payload: string; memoryMb: number }
  | { type: 'error'; id: string; error: Record<string, unknown>; memoryMb: number };

export interface InvokeMessage {
  type: 'invoke';
  id: string;
  payload: string;
  deadlineMs: number;
  invokedFunctionArn: string;
  clientContext?: unknown;
}

export function isChildMessage(value: unknown): value is ChildMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
