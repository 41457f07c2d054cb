import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { crc64nvme } from '../../../emulator-shims/s3/index.js';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createS3Server } from '../../../emulator-shims/s3/index.js';

const SCOPE = { accountId: '000000000000', region: 'us-east-1' };

test('the in-process API puts, heads, lists and gets objects that HTTP clients see the same', async (t) => {
  const server = await createS3Server({ stateDir: mkdtempSync(join(tmpdir(), 'hosepipe-s3-api-')), scope: SCOPE });
  t.teardown(() => server.close());
  const s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() });
  await fetch(`${server.url}/in-process`, { method: 'PUT', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' } });
  const { objects } = server.service;
  const put = await objects.putObject(SCOPE, { Bucket: 'in-process', Key: 'logs/a.json', Body: Buffer.from('{"a":1}\n'), ContentType: 'application/json' });
  await objects.putObject(SCOPE, { Bucket: 'in-process', Key: 'logs/b.json', Body: Buffer.from('{"b":2}\n') });
  t.regex(String(put.ETag), /^"[0-9a-f]{32}"$/);
  t.like(await objects.headObject(SCOPE, { Bucket: 'in-process', Key: 'logs/a.json' }), { ContentLength: 8, ContentType: 'application/json', ETag: put.ETag });
  const listed = await objects.listObjectsV2(SCOPE, { Bucket: 'in-process', Prefix: 'logs/', MaxKeys: 1 });
  t.deepEqual([listed.Contents?.map((item) => item.Key), listed.IsTruncated], [['logs/a.json'], true]);
  t.is((await objects.getObject(SCOPE, { Bucket: 'in-process', Key: 'logs/b.json', Range: 'bytes=-3' })).Body.toString(), '2}\n');
  t.is(await (await s3.send(new GetObjectCommand({ Bucket: 'in-process', Key: 'logs/a.json' }))).Body!.transformToString(), '{"a":1}\n');
  await t.throwsAsync(objects.getObject(SCOPE, { Bucket: 'in-process', Key: 'missing' }), { name: 'NoSuchKey' });
  await t.throwsAsync(objects.putObject(SCOPE, { Bucket: 'Bad_Bucket', Key: 'k', Body: Buffer.alloc(1) }), { name: 'InvalidBucketName' });
});

test('an object put in process (as Firehose writes) shows HTTP clients its MD5 ETag and, asked with checksum mode, its CRC64NVME computed from the stored bytes', async (t) => {
  const server = await createS3Server({ stateDir: mkdtempSync(join(tmpdir(), 'hosepipe-s3-api-')), scope: SCOPE });
  t.teardown(() => server.close());
  const s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() });
  await fetch(`${server.url}/lazy`, { method: 'PUT', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' } });
  const { objects } = server.service;
  // One object read in one call, one streamed from its file.
  const small = Buffer.from('{"a":1}\n'.repeat(10));
  const large = Buffer.alloc(600 * 1024 + 7, 'large object ');
  for (const [key, body] of [['small', small], ['large', large]] as const) {
    const put = await objects.putObject(SCOPE, { Bucket: 'lazy', Key: key, Body: body });
    const md5 = `"${createHash('md5').update(body).digest('hex')}"`;
    const crc = crc64nvme(body).toString('base64');
    t.is(put.ETag, md5);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'lazy', Key: key, ChecksumMode: 'ENABLED' }));
    t.deepEqual([head.ETag, head.ChecksumCRC64NVME, head.ChecksumType], [md5, crc, 'FULL_OBJECT']);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'lazy', Key: key, ChecksumMode: 'ENABLED' }));
    t.deepEqual([got.ETag, got.ChecksumCRC64NVME], [md5, crc]);
    t.true(Buffer.from(await got.Body!.transformToByteArray()).equals(body));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'lazy', Prefix: key }));
    t.deepEqual(listed.Contents?.map((item) => [item.Key, item.ETag, item.ChecksumAlgorithm]), [[key, md5, ['CRC64NVME']]]);
  }
});

test('a body put in process as pieces is stored as their bytes in order, with the ETag and length of the joined body, small or large', async (t) => {
  const server = await createS3Server({ stateDir: mkdtempSync(join(tmpdir(), 'hosepipe-s3-api-')), scope: SCOPE });
  t.teardown(() => server.close());
  await fetch(`${server.url}/pieces`, { method: 'PUT', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' } });
  const { objects } = server.service;
  const cases = {
    small: [Buffer.from('one\n'), Buffer.from('two\n'), Buffer.alloc(0), Buffer.from('three\n')],
    large: [Buffer.alloc(300 * 1024, 'a'), Buffer.alloc(5, 'b'), Buffer.alloc(200 * 1024 + 3, 'c')],
  };
  for (const [key, pieces] of Object.entries(cases)) {
    const joined = Buffer.concat(pieces);
    const put = await objects.putObject(SCOPE, { Bucket: 'pieces', Key: key, Body: pieces });
    t.is(put.ETag, `"${createHash('md5').update(joined).digest('hex')}"`, key);
    const got = await objects.getObject(SCOPE, { Bucket: 'pieces', Key: key });
    t.is(got.ContentLength, joined.length, key);
    t.true(got.Body.equals(joined), key);
  }
});

test('an object put in process from a file (Firehose\'s scratch file) holds the file\'s bytes and their MD5 (read from the file, or as the file\'s writer made it), and stays whole when the file is removed or a second put of it follows', async (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-s3-api-'));
  const server = await createS3Server({ stateDir, scope: SCOPE });
  t.teardown(() => server.close());
  const s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() });
  await fetch(`${server.url}/from-file`, { method: 'PUT', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' } });
  const { objects } = server.service;
  const body = Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 11 }, (_, at) => (at * 31) % 253));
  const file = join(stateDir, 'scratch-object');
  writeFileSync(file, body);
  const md5 = `"${createHash('md5').update(body).digest('hex')}"`;
  t.is((await objects.putObject(SCOPE, { Bucket: 'from-file', Key: 'first', Body: { file, size: body.length } })).ETag, md5);
  t.is((await objects.putObject(SCOPE, { Bucket: 'from-file', Key: 'again', Body: { file, size: body.length } })).ETag, md5, 'a retried write of the same file');
  const made = createHash('md5').update(body).digest('hex');
  t.is((await objects.putObject(SCOPE, { Bucket: 'from-file', Key: 'hashed', Body: { file, size: body.length, md5Hex: made } })).ETag, md5, 'the MD5 the file\'s writer made');
  rmSync(file);
  for (const key of ['first', 'again', 'hashed']) {
    const got = await s3.send(new GetObjectCommand({ Bucket: 'from-file', Key: key }));
    t.is(got.ETag, md5);
    t.true(Buffer.from(await got.Body!.transformToByteArray()).equals(body));
  }
  const short = join(stateDir, 'short');
  writeFileSync(short, body.subarray(0, 10));
  await t.throwsAsync(objects.putObject(SCOPE, { Bucket: 'from-file', Key: 'short', Body: { file: short, size: 20 } }), { message: /holds 10 bytes/ });
});
