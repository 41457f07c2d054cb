import test from 'ava';
import { createHostPolicy, hostName, isLoopbackName } from '../../../emulator-shims/edge/index.js';

test('hostName takes the name of a Host header without port or trailing dot, lower-case', (t) => {
  t.is(hostName('LocalHost:4566'), 'localhost');
  t.is(hostName('bucket.localhost.'), 'bucket.localhost');
  t.is(hostName('[::1]:80'), '[::1]');
  t.is(hostName('[0:0:0:0:0:0:0:1]'), '[::1]');
  t.is(hostName('evil.com@127.0.0.1'), undefined);
  t.is(hostName('a b'), undefined);
  t.is(hostName('host:99999999'), undefined);
});

test('loopback names are localhost, 127.0.0.1, [::1] and the localhost subdomains', (t) => {
  for (const name of ['localhost', 'a.b.localhost', '127.0.0.1', '[::1]', 'localhost.localstack.cloud', 'bucket.s3.localhost.localstack.cloud']) t.true(isLoopbackName(name), name);
  for (const name of ['evillocalhost', 'localhost.evil.example', '127.0.0.2', 'localstack.cloud', '[::2]']) t.false(isLoopbackName(name), name);
});

test('an origin is the endpoint\'s own only over http, on its port, with a loopback or listed name', (t) => {
  const policy = createHostPolicy(['endpoint']);
  t.true(policy.allowsOrigin(undefined, 4566));
  for (const origin of ['http://127.0.0.1:4566', 'http://localhost:4566', 'http://[::1]:4566', 'http://endpoint:4566']) t.true(policy.allowsOrigin(origin, 4566), origin);
  for (const origin of ['http://127.0.0.1:4567', 'https://127.0.0.1:4566', 'null', 'http://evil.example:4566', 'http://x.localhost:4566', 'http://127.0.0.1:4566/path']) t.false(policy.allowsOrigin(origin, 4566), origin);
});
