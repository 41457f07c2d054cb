import test from 'ava';
import {
  COMBINED_LOG_FORMAT,
  LogFormatError,
  MAIN_LOG_FORMAT,
  compileLogFormat,
  type LogEscape,
  type LogFields,
} from '../../../lambda/log-format/index.js';

const combined = compileLogFormat(COMBINED_LOG_FORMAT);

const parsesTo = test.macro({
  exec(t, format: string, escape: LogEscape, line: string | Buffer, expected: LogFields) {
    const parsed = compileLogFormat(format, escape).parse(line);
    if (!parsed.ok) return t.fail(parsed.reason);
    t.like(parsed.fields, expected);
  },
  title: (provided = '') => `parses ${provided}`,
});

test('a combined line into typed fields with the request split', parsesTo, COMBINED_LOG_FORMAT, 'default',
  '203.0.113.9 - - [10/Mar/2024:02:30:00 +0900] "GET /index.html?a=1 HTTP/2.0" 200 5124 "https://example.com/" "curl/8.5.0"',
  { remote_addr: '203.0.113.9', remote_user: null, time_local: '2024-03-10T02:30:00+09:00', request: 'GET /index.html?a=1 HTTP/2.0',
    method: 'GET', uri: '/index.html?a=1', protocol: 'HTTP/2.0', status: 200, body_bytes_sent: 5124,
    http_referer: 'https://example.com/', http_user_agent: 'curl/8.5.0' });
test('a "-" request logged 400 as null request with no method', parsesTo, COMBINED_LOG_FORMAT, 'default',
  '198.51.100.4 - - [10/Mar/2024:02:30:00 +0000] "-" 400 0 "-" "-"',
  { request: null, method: null, uri: null, protocol: null, status: 400, body_bytes_sent: 0, http_referer: null });
test('status 499 with "-" bytes as null bytes', parsesTo, COMBINED_LOG_FORMAT, 'default',
  '198.51.100.4 - - [10/Mar/2024:02:30:00 +0000] "POST /api HTTP/1.1" 499 - "-" "okhttp/4.12.0"',
  { status: 499, body_bytes_sent: null, method: 'POST' });
test('a user name containing a space', parsesTo, COMBINED_LOG_FORMAT, 'default',
  '10.0.0.1 - alice smith [10/Mar/2024:02:30:00 +0000] "GET / HTTP/1.1" 401 0 "-" "-"', { remote_user: 'alice smith', status: 401 });
test('a line with its trailing newline', parsesTo, COMBINED_LOG_FORMAT, 'default',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0000] "GET / HTTP/1.1" 200 1 "-" "ua"\n', { http_user_agent: 'ua' });
test('a line ending in CRLF', parsesTo, COMBINED_LOG_FORMAT, 'default',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0000] "GET / HTTP/1.1" 200 1 "-" "ua"\r\n', { http_user_agent: 'ua' });
test('a full IPv6 client address', parsesTo, COMBINED_LOG_FORMAT, 'default',
  '2001:db8:85a3::8a2e:370:7334 - - [10/Mar/2024:02:30:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-"', { remote_addr: '2001:db8:85a3::8a2e:370:7334' });
test('an HTTP/0.9 request line without protocol', parsesTo, COMBINED_LOG_FORMAT, 'default',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0000] "GET /" 200 1 "-" "-"', { method: 'GET', uri: '/', protocol: null });
test('escaped quotes and backslashes in a user agent', parsesTo, COMBINED_LOG_FORMAT, 'default',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0000] "GET / HTTP/1.1" 200 1 "-" "say \\x22hi\\x22 C:\\x5Ctmp"', { http_user_agent: 'say "hi" C:\\tmp' });
test('a UTF-8 user agent escaped byte by byte', parsesTo, COMBINED_LOG_FORMAT, 'default',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0000] "GET / HTTP/1.1" 200 1 "-" "\\xEC\\x84\\x9C\\xEC\\x9A\\xB8 Safari"', { http_user_agent: '서울 Safari' });
test('a TLS ClientHello kept as escaped text', parsesTo, COMBINED_LOG_FORMAT, 'default',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0000] "\\x16\\x03\\x01\\x00\\xF4\\x01\\x00\\x00\\xF0\\x03\\x03" 400 157 "-" "-"',
  { request: '\\x16\\x03\\x01\\x00\\xF4\\x01\\x00\\x00\\xF0\\x03\\x03', method: null, status: 400 });
test('the main format with its forwarded-for header', parsesTo, MAIN_LOG_FORMAT, 'default',
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0000] "GET / HTTP/1.1" 200 1 "-" "ua" "203.0.113.1, 10.0.0.2"', { http_x_forwarded_for: '203.0.113.1, 10.0.0.2' });
test('a custom format with ${braced} variables, timings and upstream lists', parsesTo,
  '${remote_addr} ${host} [$time_iso8601] $msec "$request" $status $request_time $upstream_response_time "$upstream_status" $request_length',
  'default', '10.0.0.1 api.example.com [2024-03-10T02:30:00+09:00] 1710005400.123 "GET /v1 HTTP/1.1" 200 0.012 0.001, 0.010 "502, 200" 512',
  { host: 'api.example.com', time_iso8601: '2024-03-10T02:30:00+09:00', msec: 1710005400.123, request_time: 0.012,
    upstream_response_time: '0.001, 0.010', upstream_status: '502, 200', request_length: 512 });
test('a single upstream time as a number', parsesTo, '$status $upstream_response_time $upstream_status', 'default', '200 0.004 200',
  { upstream_response_time: 0.004, upstream_status: 200 });
test('an escape=json line with escaped quotes, backslashes and control bytes', parsesTo,
  '{"ua":"$http_user_agent","uri":"$request_uri","status":$status}', 'json',
  '{"ua":"a \\"quoted\\" \\\\ agent\\u0001","uri":"/x\\"","status":200}', { http_user_agent: 'a "quoted" \\ agent\u0001', request_uri: '/x"', status: 200 });
test('an escape=json line with raw UTF-8', parsesTo, '$remote_addr "$http_user_agent"', 'json',
  Buffer.from('10.0.0.1 "Mozilla 東京"', 'utf8'), { http_user_agent: 'Mozilla 東京' });
test('an escape=none line whose last value contains the closing quote', parsesTo, '$status "$http_user_agent"', 'none',
  '200 "a "b" c"', { http_user_agent: 'a "b" c' });
test('an escape=none request holding `" ` before the status is split where the rest of the line matches', parsesTo,
  '$remote_addr "$request" $status "$http_user_agent"', 'none',
  '127.0.0.1 "\x16a" b"\x01" c" 400 "-"', { request: '\x16a" b"\x01" c', status: 400, http_user_agent: null });
test('an escape=none request holding `" 200 "` keeps the leftmost split that matches the whole line', parsesTo,
  '$remote_addr "$request" $status "$http_user_agent"', 'none',
  '127.0.0.1 "x" 200 "y" 400 "-"', { request: 'x', status: 200, http_user_agent: 'y" 400 "-' });
test('an escape=none value that is not UTF-8 as nginx-style escapes', parsesTo, '$status "$http_user_agent"', 'none',
  Buffer.from([0x32, 0x30, 0x30, 0x20, 0x22, 0x61, 0xff, 0xc3, 0x22]), { http_user_agent: 'a\\xFF\\xC3' });

const rejects = test.macro({
  exec(t, format: string, line: string, reason: RegExp) {
    const parsed = compileLogFormat(format).parse(line);
    if (parsed.ok) return t.fail(`parsed ${JSON.stringify(parsed.fields)}`);
    t.regex(parsed.reason, reason);
  },
  title: (provided = '') => `rejects ${provided}`,
});

test('a line that is not a log line', rejects, COMBINED_LOG_FORMAT, 'hello world', /expected " - " after \$remote_addr/);
test('an empty line', rejects, COMBINED_LOG_FORMAT, '', /expected " - "/);
test('a status that is not a number', rejects, COMBINED_LOG_FORMAT,
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0000] "GET / HTTP/1.1" OK 1 "-" "-"', /\$status: expected an integer, got "OK"/);
test('a time in another shape', rejects, COMBINED_LOG_FORMAT,
  '10.0.0.1 - - [2024-03-10 02:30:00] "GET / HTTP/1.1" 200 1 "-" "-"', /\$time_local: expected a time/);
test('a truncated line', rejects, COMBINED_LOG_FORMAT, '10.0.0.1 - - [10/Mar/2024:02:30:00 +0000] "GET / HTTP/1.1" 200 1 "-" "Mozi', /does not end with/);
test('an unescaped quote under escape=default', rejects, COMBINED_LOG_FORMAT,
  '10.0.0.1 - - [10/Mar/2024:02:30:00 +0000] "GET / HTTP/1.1" 200 1 "-" "a" "b"', /\$http_user_agent: expected text escaped/);
test('an escape=none line that no split matches is refused with the leftmost split\'s reason', (t) => {
  const parsed = compileLogFormat('$remote_addr "$request" $status "$http_user_agent"', 'none').parse('127.0.0.1 "a" b" c" OK "-"');
  t.false(parsed.ok);
  if (!parsed.ok) t.is(parsed.reason, '$status: expected an integer, got "b\\" c\\" OK"');
});
test('an escape=none line with many quoted spaces gives up after a bounded number of splits', (t) => {
  const line = `127.0.0.1 "${'" '.repeat(5000)}" OK "-"`;
  t.false(compileLogFormat('$remote_addr "$request" $status "$http_user_agent"', 'none').parse(line).ok);
});
test('a line missing the leading text of the format', rejects, '[$time_local] $status', '10/Mar/2024:02:30:00 +0000] 200', /does not start with "\["/);

test('compileLogFormat lists output fields in order with the request parts after request', (t) => {
  t.deepEqual([...combined.fields], ['remote_addr', 'remote_user', 'time_local', 'request', 'method', 'uri', 'protocol', 'status',
    'body_bytes_sent', 'http_referer', 'http_user_agent']);
  t.is(combined.timeVariable, 'time_local');
});

test('compileLogFormat leaves a variable named like a request part to that variable', (t) => {
  const parser = compileLogFormat('"$request" $uri');
  t.deepEqual([...parser.fields], ['request', 'method', 'protocol', 'uri']);
  const parsed = parser.parse('"GET /a/../b HTTP/1.1" /b');
  t.like(parsed.ok ? parsed.fields : {}, { method: 'GET', uri: '/b' });
});

test('compileLogFormat takes the event time from time_local, then time_iso8601, then msec', (t) => {
  t.is(compileLogFormat('$msec $time_iso8601').timeVariable, 'time_iso8601');
  t.is(compileLogFormat('$msec $status').timeVariable, 'msec');
  t.is(compileLogFormat('$status $request').timeVariable, undefined);
  const parsed = compileLogFormat('$msec $status').parse('1710005400.123 200');
  t.is(parsed.ok ? parsed.eventTimeMs : 0, 1710005400123);
});

const refuses = test.macro({
  exec(t, format: string, message: RegExp) {
    const error = t.throws(() => compileLogFormat(format), { instanceOf: LogFormatError });
    t.regex(error?.message ?? '', message);
    t.is(error?.format, format);
  },
  title: (provided = '') => `compileLogFormat refuses ${provided}`,
});

test('two adjacent variables', refuses, '$remote_addr$status', /\$remote_addr and \$status are adjacent/);
test('a format without variables', refuses, 'just text', /no \$variables/);
test('a dollar without a name', refuses, '$status $ x', /"\$" must be followed by a name/);
test('an unterminated brace', refuses, '${status x', /unterminated/);

test('parsing a multi-kilobyte line of repeated delimiters stays linear', (t) => {
  // A backtracking regex takes exponential time on this shape; the scanner reads it once.
  const hostile = `10.0.0.1 - - [10/Mar/2024:02:30:00 +0000] "${'GET / HTTP/1.1 '.repeat(2000)}" 200 1 "-" "${' -'.repeat(5000)}`;
  const parsed = combined.parse(hostile);
  t.false(parsed.ok);
});
