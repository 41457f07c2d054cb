import test from 'ava';
import { createServer, type IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { useBody } from '../../../emulator-shims/shared/index.js';

/** A loopback server whose requests are handed to `handle`; posts bodies to it. */
async function withServer(t: { teardown(fn: () => unknown): void }, handle: (request: IncomingMessage) => Promise<string>) {
  const server = createServer((request, response) => {
    handle(request).then((text) => response.end(text), (error: Error) => response.writeHead(500).end(error.message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return (body: Buffer) => fetch(url, { method: 'POST', body }).then(async (response) => ({ status: response.status, text: await response.text() }));
}

test('bodies read at the same time keep their own bytes until each is done with them, and later bodies read whole in reused buffers', async (t) => {
  const bodies = Array.from({ length: 24 }, (_, index) => randomBytes(1000 + index * 40_000));
  let release!: () => void;
  const held = new Promise<void>((resolve) => { release = resolve; });
  let waiting = 0;
  const post = await withServer(t, (request) => useBody(request, 16 * 1024 * 1024, async (body) => {
    const before = body.toString('base64');
    // Every request holds its buffer until all of them have read theirs.
    if (++waiting === 12) release();
    await held;
    if (body.toString('base64') !== before) throw new Error('the body changed while it was in use');
    return body.toString('base64');
  }));
  const first = await Promise.all(bodies.slice(0, 12).map((body) => post(body)));
  const second = await Promise.all(bodies.slice(12).map((body) => post(body)));
  [...first, ...second].forEach((answer, index) => {
    t.is(answer.status, 200);
    t.is(answer.text, bodies[index]!.toString('base64'), `body ${index}`);
  });
});

test('a body over the limit is refused with an error naming the limit', async (t) => {
  const post = await withServer(t, (request) => useBody(request, 1000, (body) => String(body.length)).catch((error: Error) => error.name + ' ' + error.message));
  t.is((await post(Buffer.alloc(999))).text, '999');
  t.regex((await post(Buffer.alloc(5000))).text, /Request must be smaller than 1000 bytes/);
});

test('a client that closes its connection before the body is complete makes useBody reject once, with the stream\'s error', async (t) => {
  const { connect } = await import('node:net');
  const outcomes: string[] = [];
  let settled!: () => void;
  const done = new Promise<void>((resolve) => { settled = resolve; });
  const server = createServer((request) => {
    useBody(request, 1024 * 1024, (body) => String(body.length)).then(
      (text) => outcomes.push(`read ${text}`),
      (error: Error) => outcomes.push(`${error.name}: ${error.message}`),
    ).finally(settled);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const socket = connect((server.address() as { port: number }).port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n' + 'a'.repeat(100));
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.destroy();
  await done;
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.deepEqual(outcomes, ['Error: aborted']);
});
