/** The endpoint's admin API, as the page calls it: same origin, JSON in and out (the endpoint takes nothing else). */
import type { ObjectPreview, PipelineRef, PipelineSnapshot } from '../emulator-shims/admin/types.js';

const BASE = new URL('.', window.location.href);

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: { accept: 'application/json' }, cache: 'no-store' };
  if (method !== 'GET') {
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    init.body = JSON.stringify(body ?? {});
  }
  const response = await fetch(new URL(path, BASE), init);
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { message: text };
  }
  if (!response.ok) {
    const error = parsed as { message?: string; error?: string };
    throw new ApiError(response.status, `${error.error ?? `HTTP ${response.status}`}: ${error.message ?? text}`);
  }
  return parsed as T;
}

const pipelinePath = (ref: Pick<PipelineRef, 'accountId' | 'region' | 'name'>): string =>
  `pipelines/${encodeURIComponent(ref.accountId)}/${encodeURIComponent(ref.region)}/${encodeURIComponent(ref.name)}`;

export const api = {
  pipelines: () => call<{ pipelines: PipelineRef[] }>('GET', 'pipelines').then((answer) => answer.pipelines),
  snapshot: (ref: PipelineRef) => call<PipelineSnapshot>('GET', pipelinePath(ref)),
  object: (ref: PipelineRef, kind: string, key: string) =>
    call<ObjectPreview>('GET', `${pipelinePath(ref)}/object?kind=${encodeURIComponent(kind)}&key=${encodeURIComponent(key)}`),
  flush: (ref: PipelineRef) => call<{ objectsWritten: number; recordsDelivered: number; recordsFailed: number }>('POST', `${pipelinePath(ref)}/flush`),
  advanceClock: (ms: number) => call<{ now: string }>('POST', 'clock', { advanceMs: ms }),
  addFault: (rule: Record<string, unknown>) => call<{ rules: Array<{ id: string }> }>('POST', 'faults', rule),
  clearFaults: () => call<{ cleared: number }>('DELETE', 'faults'),
};
