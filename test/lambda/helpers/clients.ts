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

/**
 * A TLS 1.2 ClientHello with fixed bytes (no randomness, the same on every Node version): a record of type
 * handshake, a zeroed-out client random, six cipher suites and a server name, as scanners send to any port.
 * No length in it is a CR or LF byte, so nginx logs it whole as the request line.
 */
export function tlsClientHello(serverName = 'scanner.hosepipe.test'): Buffer {
  const u16 = (value: number) => Buffer.from([value >> 8, value & 0xff]);
  const name = Buffer.from(serverName, 'ascii');
  const sni = Buffer.concat([u16(0x0000), u16(name.length + 5), u16(name.length + 3), Buffer.from([0]), u16(name.length), name]);
  const ciphers = [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0x009c];
  const body = Buffer.concat([
    Buffer.from([3, 3]), Buffer.alloc(32, 0x5a), Buffer.from([0]),
    u16(ciphers.length * 2), ...ciphers.map(u16), Buffer.from([1, 0]), u16(sni.length), sni,
  ]);
  const handshake = Buffer.concat([Buffer.from([1, 0]), u16(body.length), body]);
  return Buffer.concat([Buffer.from([0x16, 3, 1]), u16(handshake.length), handshake]);
}

/**
 * Starts a TLS handshake against a plain-HTTP port, as scanners do, and resolves once nginx has answered
 * (400) and closed: the connection is logged by then.
 */
export function sendTlsClientHello(port: number): Promise<Buffer> {
  return sendRaw(port, tlsClientHello(), '127.0.0.1', false);
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
