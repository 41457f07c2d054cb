import test from 'ava';
import { splitRequest, type RequestParts } from '../../../lambda/log-format/index.js';

const splits = test.macro({
  exec(t, request: string, expected: RequestParts) {
    t.deepEqual({ ...splitRequest(request) }, expected);
  },
  title: (provided = '', request: string) => `splitRequest ${provided} (${JSON.stringify(request.slice(0, 40))})`,
});

const none = { method: null, uri: null, protocol: null };
test('splits a request line', splits, 'GET /a?b=c HTTP/1.1', { method: 'GET', uri: '/a?b=c', protocol: 'HTTP/1.1' });
test('keeps spaces inside the URI', splits, 'GET /a b HTTP/1.0', { method: 'GET', uri: '/a b', protocol: 'HTTP/1.0' });
test('accepts methods with underscore and dash', splits, 'VERSION-CONTROL /r HTTP/1.1', { method: 'VERSION-CONTROL', uri: '/r', protocol: 'HTTP/1.1' });
test('reads HTTP/0.9 without a protocol', splits, 'GET /', { method: 'GET', uri: '/', protocol: null });
test('refuses an empty request', splits, '', none);
test('refuses a lowercase method', splits, 'get / HTTP/1.1', none);
test('refuses binary', splits, '\\x16\\x03\\x01 \\x00', none);
test('refuses a line without URI', splits, 'GET  HTTP/1.1', none);
test('refuses two words that are not a request', splits, 'GET / HTTP/1.1 extra', none);
