import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A listening HTTP server in hosepipe's one shape: `{ url, close }`, async-disposable, idempotent close. */
export interface StartedServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface ListenOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /**
   * The address to bind: 127.0.0.1 unless given. Only a container gives its own interface (0.0.0.0),
   * so that the port it publishes on the host's loopback reaches the server.
   */
  host?: string;
  /** Called once, after the socket is closed, to drain whatever the handler owns. */
  onClose?: () => Promise<void>;
}

/** Starts an HTTP server on 127.0.0.1 (or the explicit `host`); every hosepipe server binds to loopback on the host. */
export async function listenOnLoopback(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  options: ListenOptions = {},
): Promise<StartedServer & { server: Server }> {
  const server = createServer(handler);
  server.keepAliveTimeout = 65_000;
  // A malformed request line or header, or a reset connection: answer 400 when the socket still takes it, never throw.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n', () => socket.destroy());
      return;
    }
    socket.destroy();
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      // An error of the listening socket itself (out of file descriptors on accept) is reported, never thrown.
      server.on('error', (error) => void process.stderr.write(`hosepipe: server on 127.0.0.1: ${error.message}\n`));
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Give in-flight requests a moment to finish, then cut what is left (long polls, keep-alives).
      const timer = setTimeout(() => { for (const socket of sockets) socket.destroy(); }, 2_000);
      await closed;
      clearTimeout(timer);
      await options.onClose?.();
    })();
    return closing;
  };
  return { server, port, url: `http://${urlHost(options.host)}:${port}`, close, [Symbol.asyncDispose]: close };
}

/** The host part of the server's own URL: loopback reaches a server bound to every interface too. */
function urlHost(host: string | undefined): string {
  if (host === undefined || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
