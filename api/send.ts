/** One HTTP request to nginx, or `count` of them; a bare string is a GET of that path. */
export type PipelineRequest = string | {
  /** Starts with `/`, e.g. `/hello?user=1` or `/status/404` (nginx answers that status). */
  path: string;
  /** GET unless given. */
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Sends the same request this many times (default 1). */
  count?: number;
};

/** nginx's answer to one request, in the order the requests were given. */
export interface SentResponse {
  method: string;
  path: string;
  status: number;
  body: string;
}

const CONCURRENCY = 8;

interface Planned { method: string; path: string; headers: Record<string, string>; body?: string | Uint8Array }

/** Pure: the requests to send, one entry per request, each checked before anything is sent. */
export function planRequests(requests: PipelineRequest | readonly PipelineRequest[]): Planned[] {
  const list = (Array.isArray(requests) ? requests : [requests]) as readonly PipelineRequest[];
  return list.flatMap((request, index) => {
    const spec = typeof request === 'string' ? { path: request } : request;
    if (spec === null || typeof spec !== 'object' || typeof spec.path !== 'string' || !spec.path.startsWith('/')) {
      throw new TypeError(`send: request ${index} needs a path starting with / (got ${JSON.stringify(spec?.path ?? spec)})`);
    }
    const count = spec.count ?? 1;
    if (!Number.isInteger(count) || count < 0) throw new TypeError(`send: request ${index} count must be a whole number ≥ 0 (got ${String(count)})`);
    const planned: Planned = { method: (spec.method ?? 'GET').toUpperCase(), path: spec.path, headers: spec.headers ?? {}, ...(spec.body === undefined ? {} : { body: spec.body }) };
    return Array.from({ length: count }, () => planned);
  });
}

/** Sends real HTTP requests to nginx, a few at a time, and resolves with every answer once all are in. */
export async function sendRequests(nginxUrl: string, requests: PipelineRequest | readonly PipelineRequest[]): Promise<SentResponse[]> {
  const planned = planRequests(requests);
  const responses: SentResponse[] = new Array(planned.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < planned.length) {
      const index = next++;
      const { method, path, headers, body } = planned[index]!;
      const response = await fetch(`${new URL(nginxUrl).origin}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
      responses[index] = { method, path, status: response.status, body: await response.text() };
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, planned.length) }, worker));
  return responses;
}
