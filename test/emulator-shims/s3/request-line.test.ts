import test from 'ava';
import { parseRequestTarget } from '../../../emulator-shims/s3/request-line.js';

const host = (name: string) => ({ host: `${name}:4566` });

test('a path-style target keeps ../, // and a leading / in the key, never normalised', (t) => {
  t.like(parseRequestTarget('/bucket/../../x', host('127.0.0.1')), { bucket: 'bucket', key: '../../x', virtualHost: false });
  t.like(parseRequestTarget('/bucket//lead', host('localhost')), { key: '/lead' });
  t.like(parseRequestTarget('/bucket/%2e%2e%2fx', host('localhost')), { key: '../x' });
  t.deepEqual(parseRequestTarget('/bucket/', host('localhost')).key, undefined);
});

test('the query is decoded strictly and the first value of a name wins', (t) => {
  const { query } = parseRequestTarget('/b/k?uploadId=a%2Bb&partNumber=1&partNumber=2&x=a+b', host('localhost'));
  t.is(query.get('uploadId'), 'a+b');
  t.is(query.get('partNumber'), '1');
  t.is(query.get('x'), 'a b');
});

for (const target of ['/b/%FF', '/b/%C3', '/b/a%G1', '/b/k?prefix=%FF', 'bucket/no-slash']) {
  test(`${target} is refused with InvalidURI`, (t) => {
    t.throws(() => parseRequestTarget(target, host('localhost')), { name: 'InvalidURI' });
  });
}

test('virtual-hosted-style names the bucket in the Host; the service names do not', (t) => {
  t.like(parseRequestTarget('/k/x', host('logs.s3.localhost.localstack.cloud')), { bucket: 'logs', key: 'k/x', virtualHost: true });
  t.like(parseRequestTarget('/k', host('my.bucket.s3.us-east-1.amazonaws.com')), { bucket: 'my.bucket', key: 'k' });
  t.like(parseRequestTarget('/k', host('logs.localhost')), { bucket: 'logs' });
  t.like(parseRequestTarget('/b/k', host('s3.localhost.localstack.cloud')), { bucket: 'b', key: 'k', virtualHost: false });
  t.like(parseRequestTarget('/b/k', host('localhost')), { bucket: 'b', virtualHost: false });
});
