import type { ServerResponse } from 'node:http';

/**
 * Runs `hook(status)` just before the engine's answer headers go out, so the front can add
 * headers or persist what a successful call implies before the client can send its next request.
 */
export function afterHeaders(response: ServerResponse, hook: (status: number) => void): void {
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
  let ran = false;
  response.writeHead = ((...args: unknown[]) => {
    if (!ran) {
      ran = true;
      const status = typeof args[0] === 'number' ? args[0] : response.statusCode;
      hook(status);
    }
    return writeHead(...args);
  }) as ServerResponse['writeHead'];
}

/** Lets the front rewrite a small text answer (an XML result) that the engine ends in one `end(body)`. */
export function rewriteBody(response: ServerResponse, rewrite: (body: string, status: number) => string): void {
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
  response.end = ((...args: unknown[]) => {
    const [body] = args;
    if (response.headersSent || (typeof body !== 'string' && !Buffer.isBuffer(body))) return end(...args);
    const text = rewrite(String(body), response.statusCode);
    response.setHeader('content-length', Buffer.byteLength(text));
    return end(text);
  }) as ServerResponse['end'];
}
