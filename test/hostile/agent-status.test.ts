/**
 * The agent's status server, as a web page open in the developer's browser reaches it: through DNS rebinding (a
 * name of the page's own, resolved to 127.0.0.1, sent as Host), with cross-site requests, and with raw requests
 * a browser would never send. It answers only GET /status under a loopback Host, and no request stops it.
 */
import test from 'ava';
import { connect } from 'node:net';
import { startStatusServer } from '../../agent/status-server.js';
import { sendRaw, type RawRequest } from './harness.js';

const STATUS = { linesRead: 3, files: [{ path: '/var/log/nginx/access.log' }] };

async function statusServer(t: import('ava').ExecutionContext): Promise<{ base: string; port: string }> {
  const server = await startStatusServer(0, () => STATUS);
  t.teardown(() => server.close());
  const base = server.url.replace(/\/status$/, '');
  return { base, port: new URL(base).port };
}

const rebound = ['attacker.example', 'attacker.example.', '127.0.0.1.nip.io', 'localhost.attacker.example', '[::ffff:127.0.0.1]', '0x7f000001', 'a b', ''];
for (const name of rebound) {
  test(`GET /status with Host ${JSON.stringify(name)} (a name rebound to loopback, or no name) is refused with 403 and no status`, async (t) => {
    const { base, port } = await statusServer(t);
    const answer = await sendRaw(base, { path: '/status', headers: { host: name === '' ? '' : `${name}:${port}` } });
    t.is(answer.status, 403);
    t.false(answer.text.includes('access.log'), 'nothing of the status is in the answer');
    t.is((await sendRaw(base, { path: '/status' })).status, 200, 'the server still answers');
  });
}

const loopback = ['127.0.0.1', 'localhost', 'LOCALHOST', '[::1]', 'agent.localhost'];
for (const name of loopback) {
  test(`GET /status with the loopback Host ${name} is served`, async (t) => {
    const { base, port } = await statusServer(t);
    const answer = await sendRaw(base, { path: '/status', headers: { host: `${name}:${port}` } });
    t.is(answer.status, 200);
    t.deepEqual(JSON.parse(answer.text), STATUS);
  });
}

const others: RawRequest[] = [
  { method: 'POST', path: '/status', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' },
  { method: 'DELETE', path: '/status' },
  { path: '/status/../status' },
  { path: '/%2e%2e/%2e%2e/etc/passwd' },
  { path: `/${'x'.repeat(8_000)}` },
  { method: 'OPTIONS', path: '/status', headers: { origin: 'http://attacker.example', 'access-control-request-method': 'GET' } },
];
for (const call of others) {
  test(`${call.method ?? 'GET'} ${call.path.slice(0, 40)} answers 404 with no status, and the server keeps answering`, async (t) => {
    const { base } = await statusServer(t);
    const answer = await sendRaw(base, call);
    t.is(answer.status, 404);
    t.false(answer.text.includes('access.log'));
    t.is(answer.headers['access-control-allow-origin'], undefined, 'no page of another origin may read an answer');
    t.is((await sendRaw(base, { path: '/status' })).status, 200);
  });
}

test('a request that is not HTTP gets 400 and the server keeps answering', async (t) => {
  const { base, port } = await statusServer(t);
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end('\u0000\u0001 not http at all\r\n\r\n'));
    let text = '';
    socket.on('data', (chunk) => { text += chunk.toString('latin1'); });
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
  });
  t.regex(reply, /^HTTP\/1\.1 400/);
  t.is((await sendRaw(base, { path: '/status' })).status, 200);
});
