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

/** A status server whose flush counts its calls (or fails, with `failing`). */
async function statusServer(t: import('ava').ExecutionContext, failing = false): Promise<{ base: string; port: string; flushes: () => number }> {
  let flushes = 0;
  const flush = async () => {
    flushes += 1;
    if (failing) throw new Error('Kinesis refused the batch');
  };
  const server = await startStatusServer(0, () => STATUS, '127.0.0.1', flush);
  t.teardown(() => server.close());
  const base = server.url.replace(/\/status$/, '');
  return { base, port: new URL(base).port, flushes: () => flushes };
}

const JSON_TYPE = { 'content-type': 'application/json' };

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
  { path: '/flush' },
  { method: 'PUT', path: '/flush', headers: JSON_TYPE, body: '{}' },
  { method: 'POST', path: '/flush/../flush', headers: JSON_TYPE, body: '{}' },
  { method: 'DELETE', path: '/status' },
  { path: '/status/../status' },
  { path: '/%2e%2e/%2e%2e/etc/passwd' },
  { path: `/${'x'.repeat(8_000)}` },
  { method: 'OPTIONS', path: '/status', headers: { origin: 'http://attacker.example', 'access-control-request-method': 'GET' } },
];
for (const call of others) {
  test(`${call.method ?? 'GET'} ${call.path.slice(0, 40)} answers 404 with no status, and the server keeps answering`, async (t) => {
    const { base, flushes } = await statusServer(t);
    const answer = await sendRaw(base, call);
    t.is(answer.status, 404);
    t.false(answer.text.includes('access.log'));
    t.is(answer.headers['access-control-allow-origin'], undefined, 'no page of another origin may read an answer');
    t.is(flushes(), 0, 'nothing was flushed');
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

// What a page on another site can send without a preflight (a form, a no-cors fetch), and what a browser adds.
const crossSite: Array<{ title: string; call: RawRequest; status: number }> = [
  { title: 'a form body', call: { method: 'POST', path: '/flush', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' }, status: 415 },
  { title: 'text/plain', call: { method: 'POST', path: '/flush', headers: { 'content-type': 'text/plain' }, body: '{}' }, status: 415 },
  { title: 'no content type', call: { method: 'POST', path: '/flush', body: '{}' }, status: 415 },
  { title: 'JSON from a page (Origin sent)', call: { method: 'POST', path: '/flush', headers: { ...JSON_TYPE, origin: 'http://attacker.example' }, body: '{}' }, status: 403 },
  { title: 'JSON from a loopback page (Origin sent)', call: { method: 'POST', path: '/flush', headers: { ...JSON_TYPE, origin: 'http://127.0.0.1:8080' }, body: '{}' }, status: 403 },
  { title: 'JSON under a rebound Host', call: { method: 'POST', path: '/flush', headers: { ...JSON_TYPE, host: 'attacker.example' }, body: '{}' }, status: 403 },
];
for (const { title, call, status } of crossSite) {
  test(`POST /flush with ${title} is refused with ${status} and flushes nothing`, async (t) => {
    const { base, flushes } = await statusServer(t);
    const answer = await sendRaw(base, call);
    t.is(answer.status, status);
    t.regex(JSON.parse(answer.text).message as string, /flush|loopback Host/);
    t.is(flushes(), 0);
  });
}

test('POST /flush as JSON with no Origin (a script, the CLI) flushes once and answers the status', async (t) => {
  const { base, flushes } = await statusServer(t);
  const answer = await sendRaw(base, { method: 'POST', path: '/flush', headers: JSON_TYPE, body: '{}' });
  t.is(answer.status, 200);
  t.deepEqual(JSON.parse(answer.text), STATUS);
  t.is(flushes(), 1);
});

test('a flush that fails answers 503 naming why, and the server keeps answering', async (t) => {
  const { base, flushes } = await statusServer(t, true);
  const answer = await sendRaw(base, { method: 'POST', path: '/flush', headers: JSON_TYPE, body: '{}' });
  t.is(answer.status, 503);
  t.regex(JSON.parse(answer.text).message as string, /flush failed: Kinesis refused the batch/);
  t.is(flushes(), 1);
  t.is((await sendRaw(base, { path: '/status' })).status, 200);
});
