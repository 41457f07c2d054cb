import test from 'ava';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { authorization, startHostileEdge } from './harness.js';

/** A TCP server standing in for a broken external engine: `answer` decides what each connection gets. */
async function brokenEngine(t: { teardown(fn: () => Promise<void>): void }, answer: (socket: Socket) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    answer(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('an external S3 engine that cuts its answer off mid-body ends that response only; the endpoint keeps serving', async (t) => {
  const url = await brokenEngine(t, (socket) => {
    socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\nonly a part', () => socket.destroy()));
  });
  const hostile = await startHostileEdge(t, { engines: { s3: url } });
  await t.throwsAsync(hostile.send({ method: 'GET', path: '/bucket/key', headers: { authorization: authorization('s3') } }));
  await hostile.assertUnharmed(t);
});

test('an external engine that answers garbage is a 503 naming the setting, not a crash', async (t) => {
  const url = await brokenEngine(t, (socket) => socket.once('data', () => socket.end('not http at all\r\n\r\n')));
  const hostile = await startHostileEdge(t, { engines: { s3: url } });
  const answer = await hostile.send({ method: 'GET', path: '/bucket/key', headers: { authorization: authorization('s3') } });
  t.is(answer.status, 503);
  t.is(answer.code, 'ServiceUnavailable');
  t.regex(answer.text, /engines\.s3\.url/);
  await hostile.assertUnharmed(t);
});

test('a client that goes away mid-body while its request is forwarded leaves the endpoint serving', async (t) => {
  const url = await brokenEngine(t, () => undefined);
  const hostile = await startHostileEdge(t, { engines: { kinesis: url } });
  const { port } = new URL(hostile.edge.url);
  await new Promise<void>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) }, () => {
      socket.write(`POST / HTTP/1.1\r\nhost: 127.0.0.1\r\nx-amz-target: Kinesis_20131202.PutRecords\r\nauthorization: ${authorization('kinesis')}\r\ncontent-length: 100000\r\n\r\n{"Records":[`);
      setTimeout(() => { socket.destroy(); resolve(); }, 100);
    });
    socket.on('error', () => resolve());
  });
  await hostile.assertUnharmed(t);
});
