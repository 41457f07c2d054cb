import { connect as connectTls } from 'node:tls';
import { connect } from 'node:net';

/**
 * Sends `bytes` over a fresh TCP connection and resolves with whatever came back once the server
 * closes. Half-closes after sending unless told not to: nginx takes an early EOF from a client
 * waiting on a proxied answer as a hang-up (499).
 */
export function sendRaw(port: number, bytes: Uint8Array | string, host = '127.0.0.1', halfClose = true): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, host, () => (halfClose ? socket.end(bytes) : socket.write(bytes)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

/** An HTTP/1.1 request with `Connection: close`, headers given as bytes so non-ASCII reaches nginx as UTF-8. */
export function rawRequest(port: number, target: string, headers: Record<string, string> = {}, host = '127.0.0.1'): Promise<Buffer> {
  const lines = [`GET ${target} HTTP/1.1`, 'Host: hosepipe.test', 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return sendRaw(port, Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), host, false);
}

/** Starts a TLS handshake against a plain-HTTP port, as scanners do; nginx answers 400 and closes. */
export function sendTlsClientHello(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connectTls({ port, host: '127.0.0.1', servername: 'hosepipe.test', rejectUnauthorized: false });
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
  });
}

/** Sends a complete request, then hangs up once `hangUp` resolves (e.g. when the upstream has it): nginx logs 499. */
export function requestThenHangUp(port: number, target: string, hangUp: Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: hosepipe.test\r\n\r\n`);
      void hangUp.then(() => socket.destroy());
    });
    socket.on('error', reject);
    socket.on('close', () => resolve());
  });
}
