import test from 'ava';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, type ChecksumAlgorithm,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { checksumBase64 } from '../../../emulator-shims/s3/checksums.js';
import { clientConfig, startEdge, uniqueName } from '../edge/helpers.js';

const AUTH = 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0';

async function s3Edge(t: Parameters<typeof startEdge>[0]) {
  const edge = await startEdge(t);
  const s3 = new S3Client(clientConfig(edge, { forcePathStyle: true }));
  const bucket = uniqueName('sums');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return { edge, s3, bucket };
}

/** A raw PUT, for what an SDK would never send (wrong digests, hand-framed aws-chunked bodies). */
function rawPut(url: string, body: Buffer | string, headers: Record<string, string>) {
  return fetch(url, { method: 'PUT', body, headers: { authorization: AUTH, 'x-amz-date': '20260101T000000Z', ...headers } });
}

for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as ChecksumAlgorithm[]) {
  test(`a ${algorithm} checksum is verified, stored and returned with ChecksumMode ENABLED`, async (t) => {
    const { s3, bucket } = await s3Edge(t);
    const body = randomBytes(70_000);
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: Readable.from([body.subarray(0, 30_000), body.subarray(30_000)]), ContentLength: body.length, ChecksumAlgorithm: algorithm }));
    const field = `Checksum${algorithm}` as const;
    const expected = checksumBase64(algorithm.toLowerCase() as 'crc32', body);
    t.is(put[field], expected);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k', ChecksumMode: 'ENABLED' }));
    t.is(got[field], expected);
    t.is(got.ChecksumType, 'FULL_OBJECT');
    t.true(Buffer.from(await got.Body!.transformToByteArray()).equals(body));
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'k', ChecksumMode: 'ENABLED' }));
    t.is(head[field], expected);
  });
}

test('an object put without a checksum gets a CRC64NVME, as S3 adds by default', async (t) => {
  const { edge, bucket, s3 } = await s3Edge(t);
  const response = await rawPut(`${edge.url}/${bucket}/plain`, 'hello', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
  t.is(response.status, 200);
  t.is(response.headers.get('x-amz-checksum-crc64nvme'), checksumBase64('crc64nvme', Buffer.from('hello')));
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'plain', ChecksumMode: 'ENABLED' }));
  t.is(head.ChecksumCRC64NVME, checksumBase64('crc64nvme', Buffer.from('hello')));
});

test('a checksum mismatch is refused with BadDigest and the old object stays', async (t) => {
  const { edge, bucket, s3 } = await s3Edge(t);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'original' }));
  const response = await rawPut(`${edge.url}/${bucket}/k`, 'tampered', { 'x-amz-checksum-crc32': checksumBase64('crc32', Buffer.from('something else')) });
  t.is(response.status, 400);
  const xml = await response.text();
  t.regex(xml, /<Code>BadDigest<\/Code>/);
  t.regex(xml, /The CRC32 you specified did not match the calculated checksum\./);
  t.is(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' }))).Body?.transformToString(), 'original');
});

test('a wrong Content-MD5 is refused with BadDigest', async (t) => {
  const { edge, bucket } = await s3Edge(t);
  const response = await rawPut(`${edge.url}/${bucket}/k`, 'data', { 'content-md5': createHash('md5').update('other').digest('base64') });
  t.is(response.status, 400);
  t.regex(await response.text(), /<Code>BadDigest<\/Code><Message>The Content-MD5 you specified did not match what we received\.<\/Message>/);
});

test('an SDK Content-MD5 upload is accepted', async (t) => {
  const { s3, bucket } = await s3Edge(t);
  const body = Buffer.from('md5 body');
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'md5', Body: body, ContentMD5: createHash('md5').update(body).digest('base64') }));
  t.is(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'md5' }))).Body?.transformToString(), 'md5 body');
});

const chunked = (chunks: string[], trailer: string) =>
  `${chunks.map((chunk) => `${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n`).join('')}0\r\n${trailer}\r\n\r\n`;

for (const mode of ['STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD']) {
  test(`an aws-chunked upload in ${mode} mode is decoded and its trailer checked`, async (t) => {
    const { edge, bucket, s3 } = await s3Edge(t);
    const signed = mode.includes('HMAC');
    const sign = (text: string) => (signed ? `;chunk-signature=${'0'.repeat(64)}` : '') + text;
    const parts = ['abc', 'def'];
    const trailing = mode.endsWith('TRAILER');
    const sum = checksumBase64('crc32', Buffer.from('abcdef'));
    const body = parts.map((part) => `${part.length.toString(16)}${sign('')}\r\n${part}\r\n`).join('') + `0${sign('')}\r\n` + (trailing ? `x-amz-checksum-crc32:${sum}\r\n${signed ? `x-amz-trailer-signature:${'0'.repeat(64)}\r\n` : ''}` : '') + '\r\n';
    const headers: Record<string, string> = { 'x-amz-content-sha256': mode, 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '6' };
    if (trailing) headers['x-amz-trailer'] = 'x-amz-checksum-crc32';
    const response = await rawPut(`${edge.url}/${bucket}/chunked`, body, headers);
    t.is(response.status, 200, await response.clone().text());
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'chunked', ChecksumMode: 'ENABLED' }));
    t.is(await got.Body?.transformToString(), 'abcdef');
    if (trailing) t.is(got.ChecksumCRC32, sum);
  });
}

test('an aws-chunked trailer that does not match is refused with BadDigest', async (t) => {
  const { edge, bucket } = await s3Edge(t);
  const body = chunked(['abc'], `x-amz-checksum-crc32:${checksumBase64('crc32', Buffer.from('xyz'))}`);
  const response = await rawPut(`${edge.url}/${bucket}/k`, body, {
    'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '3', 'x-amz-trailer': 'x-amz-checksum-crc32',
  });
  t.is(response.status, 400);
  t.regex(await response.text(), /<Code>BadDigest<\/Code>/);
});

test('x-amz-decoded-content-length is honoured: a short body is refused with IncompleteBody', async (t) => {
  const { edge, bucket } = await s3Edge(t);
  const response = await rawPut(`${edge.url}/${bucket}/k`, chunked(['abc'], ''), {
    'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '10',
  });
  t.is(response.status, 400);
  t.regex(await response.text(), /<Code>IncompleteBody<\/Code>/);
});

test('deleting an object forgets its checksum', async (t) => {
  const { s3, bucket } = await s3Edge(t);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'gone', Body: 'one', ChecksumAlgorithm: 'SHA256' }));
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'gone' }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'gone', Body: 'two', ChecksumAlgorithm: 'CRC32' }));
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'gone', ChecksumMode: 'ENABLED' }));
  t.is(head.ChecksumSHA256, undefined);
  t.is(head.ChecksumCRC32, checksumBase64('crc32', Buffer.from('two')));
});

test('a 50 MB stream uploaded with lib-storage Upload round-trips byte for byte with a composite checksum', async (t) => {
  const { s3, bucket } = await s3Edge(t);
  const data = randomBytes(50 * 1024 * 1024);
  // Uneven chunks, as a file or network stream delivers them.
  const stream = Readable.from((function* () { for (let offset = 0; offset < data.length; offset += 777_777) yield data.subarray(offset, offset + 777_777); })());
  const upload = new Upload({ client: s3, params: { Bucket: bucket, Key: 'big.bin', Body: stream }, partSize: 8 * 1024 * 1024, queueSize: 2 });
  const done = await upload.done();
  t.regex(String(done.ChecksumCRC32), /^[A-Za-z0-9+/]+=*-7$/);
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big.bin', ChecksumMode: 'ENABLED' }));
  t.is(got.ChecksumCRC32, done.ChecksumCRC32);
  t.is(got.ChecksumType, 'COMPOSITE');
  const back = Buffer.from(await got.Body!.transformToByteArray());
  t.is(back.length, data.length);
  t.true(back.equals(data));
});
