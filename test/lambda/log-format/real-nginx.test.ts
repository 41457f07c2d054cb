import test from 'ava';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { COMBINED_LOG_FORMAT, MAIN_LOG_FORMAT, compileLogFormat, type LogFields } from '../../../lambda/log-format/index.js';
import { rawRequest, requestThenHangUp, sendRaw, sendTlsClientHello, tlsClientHello } from '../helpers/clients.js';
import { startNginx, type StartedNginx } from '../helpers/nginx.js';

const CUSTOM_FORMAT =
  '$remote_addr [$time_iso8601] $msec "$request" $status $bytes_sent $body_bytes_sent $request_length $request_time ' +
  '"$upstream_response_time" "$upstream_status" ${host} $server_name $ssl_protocol "$http_x_forwarded_for" "$sent_http_content_type" $connection';
const JSON_FORMAT = '{"ip":"$remote_addr","time":"$time_local","request":"$request","status":$status,"ua":"$http_user_agent","referer":"$http_referer"}';
const NONE_FORMAT = '$remote_addr "$request" $status "$http_user_agent"';

const UTF8_AGENT = 'Mozilla/5.0 (한국어; Ünïcode) 🚀';
const TRICKY_REFERER = 'https://e.test/?q="quoted"&path=C:\\dir\\file';
const LONG_URI = `/long?${'k=v&'.repeat(1500)}end`;
const UPSTREAM_REQUESTS = 4;

const parsers = {
  combined: compileLogFormat(COMBINED_LOG_FORMAT),
  main: compileLogFormat(MAIN_LOG_FORMAT),
  custom: compileLogFormat(CUSTOM_FORMAT),
  json: compileLogFormat(JSON_FORMAT, 'json'),
  none: compileLogFormat(NONE_FORMAT, 'none'),
};
type LogName = keyof typeof parsers;

let nginx: StartedNginx;
let upstream: Server;
const logged = {} as Record<LogName, LogFields[]>;
const rawLines = {} as Record<LogName, Buffer[]>;

const startUpstream = async (onSlowRequest: () => void): Promise<Server> => {
  const server = createServer((request, response) => {
    if (request.url === '/upstream/slow') onSlowRequest();
    else response.end('upstream ok\n');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
};

test.before(async () => {
  let slowArrived!: () => void;
  const hangUp = new Promise<void>((resolve) => (slowArrived = resolve));
  upstream = await startUpstream(() => slowArrived());
  // A dead upstream that stays dead: a socket path nothing can listen on (a port chosen free could be taken by
  // another test file's server before nginx proxies to it).
  const deadUpstream = 'unix:/nonexistent/hosepipe-dead-upstream.sock';
  nginx = await startNginx(
    {
      combined: { format: COMBINED_LOG_FORMAT, escape: 'default' },
      main: { format: MAIN_LOG_FORMAT, escape: 'default' },
      custom: { format: CUSTOM_FORMAT, escape: 'default' },
      json: { format: JSON_FORMAT, escape: 'json' },
      none: { format: NONE_FORMAT, escape: 'none' },
    },
    [deadUpstream, (upstream.address() as AddressInfo).port],
  );
  const { port } = nginx;
  await rawRequest(port, '/agent', { 'User-Agent': UTF8_AGENT, Referer: TRICKY_REFERER, 'X-Forwarded-For': '203.0.113.7, 10.0.0.1' });
  await rawRequest(port, '/ipv6', {}, '::1');
  await rawRequest(port, LONG_URI);
  await rawRequest(port, '/missing');
  await sendRaw(port, '\r\n');
  await sendTlsClientHello(port);
  await sendRaw(port, Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x22, 0x5c, 0x7f, 0x0d, 0x0a]));
  await sendRaw(port, 'SSH-2.0-OpenSSH_9.6\r\n');
  for (let i = 0; i < UPSTREAM_REQUESTS; i += 1) await rawRequest(port, `/upstream/ok-${i}`);
  await requestThenHangUp(port, '/upstream/slow', hangUp);
  const expected = 9 + UPSTREAM_REQUESTS;
  for (const name of Object.keys(parsers) as LogName[]) {
    rawLines[name] = await nginx.waitForLines(name, expected);
    logged[name] = rawLines[name].map((line) => {
      const parsed = parsers[name].parse(line);
      if (!parsed.ok) throw new Error(`${name} line did not parse (${parsed.reason}): ${line.toString('latin1')}`);
      return parsed.fields;
    });
  }
});

test.after.always(async () => {
  await nginx?.stop();
  upstream?.closeAllConnections();
  upstream?.close();
});

const find = (name: LogName, predicate: (fields: LogFields) => boolean): LogFields => {
  const found = logged[name].find(predicate);
  if (found === undefined) throw new Error(`no ${name} line matched; the lines:\n${rawLines[name].map((line) => line.toString('latin1')).join('\n')}`);
  return found;
};
const byUri = (uri: string) => (fields: LogFields) => fields.uri === uri;

test('every line a real nginx wrote parses in all five formats, probes included', (t) => {
  for (const name of Object.keys(parsers) as LogName[]) t.is(logged[name].length, rawLines[name].length, name);
});

test('a UTF-8 user agent that nginx escaped as \\xHH decodes back to its text', (t) => {
  const raw = rawLines.combined.find((line) => line.includes('/agent'))?.toString('latin1') ?? '';
  t.regex(raw, /\\xED\\x95\\x9C/);
  t.is(find('combined', byUri('/agent')).http_user_agent, UTF8_AGENT);
  t.is(find('json', (fields) => fields.request === 'GET /agent HTTP/1.1').http_user_agent, UTF8_AGENT);
  t.is(find('none', (fields) => fields.request === 'GET /agent HTTP/1.1').http_user_agent, UTF8_AGENT);
});

test('quotes and backslashes inside a header come back exactly as sent', (t) => {
  t.is(find('combined', byUri('/agent')).http_referer, TRICKY_REFERER);
  t.is(find('json', (fields) => fields.request === 'GET /agent HTTP/1.1').http_referer, TRICKY_REFERER);
  t.is(find('main', byUri('/agent')).http_x_forwarded_for, '203.0.113.7, 10.0.0.1');
});

test('an IPv6 client address is kept whole', (t) => {
  t.is(find('combined', byUri('/ipv6')).remote_addr, '::1');
});

test('a multi-kilobyte URI is split out of the request line intact', (t) => {
  const fields = find('combined', byUri(LONG_URI));
  t.true(LONG_URI.length > 6000);
  t.like(fields, { method: 'GET', protocol: 'HTTP/1.1', status: 200 });
});

test('an empty request is logged 400 with no method, uri or protocol', (t) => {
  const fields = find('combined', (f) => f.request === '' || f.request === null);
  t.like(fields, { status: 400, method: null, uri: null, protocol: null, http_user_agent: null, remote_user: null });
});

test('a TLS ClientHello sent to the plain HTTP port keeps the escapes nginx wrote', (t) => {
  // nginx's default escaping: bytes under 0x20 or over 0x7E, the quote and the backslash as \xHH.
  const escaped = [...tlsClientHello()].map((byte) => (byte < 0x20 || byte > 0x7e || byte === 0x22 || byte === 0x5c ? `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(byte))).join('');
  const fields = find('combined', (f) => typeof f.request === 'string' && f.request.startsWith('\\x16\\x03'));
  t.like(fields, { status: 400, method: null, uri: null, request: escaped });
});

test('a binary probe that is not UTF-8 keeps its escapes, including escaped quote and backslash', (t) => {
  const fields = find('combined', (f) => typeof f.request === 'string' && f.request.startsWith('\\x00'));
  t.is(fields.request, '\\x00\\x01\\xFF\\xFE\\x22\\x5C\\x7F');
  t.is(fields.status, 400);
});

test('an SSH banner sent to the HTTP port is a request without method', (t) => {
  t.like(find('combined', (f) => f.request === 'SSH-2.0-OpenSSH_9.6'), { status: 400, method: null });
});

test('a client that hangs up before the upstream answers is logged 499 with nothing sent', (t) => {
  const fields = find('custom', (f) => f.uri === '/upstream/slow');
  t.like(fields, { status: 499, body_bytes_sent: 0 });
  t.is(typeof fields.request_time, 'number');
});

test('upstream timings are a number for one upstream and text for a retried list', (t) => {
  const upstreamLines = logged.custom.filter((f) => typeof f.uri === 'string' && f.uri.startsWith('/upstream/ok-'));
  t.is(upstreamLines.length, UPSTREAM_REQUESTS);
  const retried = upstreamLines.find((f) => typeof f.upstream_status === 'string');
  t.truthy(retried, 'round robin over a dead and a live upstream retries at least once');
  t.regex(retried?.upstream_status as string, /^502, 200$/);
  t.regex(retried?.upstream_response_time as string, /^\d+\.\d{3}, \d+\.\d{3}$/);
  const direct = upstreamLines.find((f) => f.upstream_status === 200);
  t.is(typeof direct?.upstream_response_time, 'number');
});

test('a custom format gets typed values for times, sizes and a missing TLS protocol', (t) => {
  const fields = find('custom', byUri('/missing'));
  t.like(fields, { status: 404, host: 'hosepipe.test', server_name: 'hosepipe.test', ssl_protocol: null, upstream_status: null });
  t.regex(fields.time_iso8601 as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  for (const key of ['msec', 'bytes_sent', 'request_length', 'request_time', 'connection']) t.is(typeof fields[key], 'number', key);
  t.true(Math.abs((fields.msec as number) * 1000 - Date.parse(fields.time_iso8601 as string)) < 1000);
});

test('a line of the main format is rejected by the combined parser', (t) => {
  const line = rawLines.main[0] as Buffer;
  const parsed = parsers.combined.parse(line);
  t.false(parsed.ok);
});
