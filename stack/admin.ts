/** Calls to the local endpoint's admin API (`/_hosepipe/…`), with errors that say what went wrong. */

/** The endpoint does not serve the admin API: it was started with it off, or it is not hosepipe's endpoint. */
export class AdminApiOffError extends Error {
  override readonly name = 'AdminApiOffError';
}

/** The admin API answered, but not with what was asked for. */
export class AdminApiError extends Error {
  override readonly name = 'AdminApiError';
}

const TIMEOUT_MS = 30_000;

/**
 * `method path` on the endpoint's admin API, and its JSON answer. With the admin API off, the endpoint answers
 * admin paths as AWS does a call without credentials (403, MissingAuthenticationToken): that, or any answer that
 * is not JSON, is an AdminApiOffError naming the setting; an admin error answer is an AdminApiError with its message.
 */
export async function adminJson<T = Record<string, unknown>>(endpoint: string, path: `/_hosepipe/${string}`, init: { method?: 'GET' | 'POST'; purpose: string }): Promise<T> {
  const url = `${endpoint}${path}`;
  const method = init.method ?? 'GET';
  const response = await fetch(url, { method, signal: AbortSignal.timeout(TIMEOUT_MS), ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}) });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const aws = /MissingAuthenticationToken/.test(text);
  if (aws || body === undefined || body === null || typeof body !== 'object') {
    throw new AdminApiOffError(
      `${init.purpose} needs hosepipe's admin API, and the endpoint at ${endpoint} does not serve it (${method} ${path} answered HTTP ${response.status}${aws ? ' MissingAuthenticationToken, as AWS does' : ', not JSON'}): `
      + 'it runs with the admin API off (endpoint.admin: false in hosepipe.yaml, or HOSEPIPE_ADMIN=off), or it is not hosepipe\'s endpoint. '
      + 'Start it with the admin API on, or read the pipeline through the AWS APIs (hosepipe e2e --target aws waits for Firehose\'s own buffer intervals).',
    );
  }
  if (!response.ok) {
    const message = (body as { message?: unknown }).message;
    throw new AdminApiError(`${init.purpose}: ${method} ${path} answered HTTP ${response.status}: ${typeof message === 'string' ? message : text.slice(0, 300)}`);
  }
  return body as T;
}
