import test, { type ExecutionContext } from 'ava';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { authorization, startHostileEdge, type HostileEdge, type RawRequest } from './harness.js';
import { eventually } from '../fixtures/eventually.js';

const BUCKET = 'hostile-bucket';
const MIB = 1024 * 1024;

/** A raw S3 request with a well-formed (unverified) SigV4 Authorization header. */
function s3(method: string, path: string, extra: Omit<RawRequest, 'method' | 'path'> = {}): RawRequest {
  return { method, path, ...extra, headers: { authorization: authorization('s3'), 'x-amz-date': '20260101T000000Z', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...extra.headers } };
}

async function withBucket(t: ExecutionContext): Promise<HostileEdge> {
  const hostile = await startHostileEdge(t);
  const created = await hostile.send(s3('PUT', `/${BUCKET}`));
  t.is(created.status, 200, created.text);
  return hostile;
}

async function startUpload(hostile: HostileEdge, key = 'k'): Promise<string> {
  const answer = await hostile.send(s3('POST', `/${BUCKET}/${key}?uploads`));
  return /<UploadId>([^<]+)<\/UploadId>/.exec(answer.text)![1]!;
}

async function uploadPart(hostile: HostileEdge, uploadId: string, partNumber: number, body: Buffer, key = 'k'): Promise<string> {
  const answer = await hostile.send(s3('PUT', `/${BUCKET}/${key}?uploadId=${uploadId}&partNumber=${partNumber}`, { body }));
  return String(answer.headers.etag);
}

const completion = (parts: [number, string][]) =>
  `<CompleteMultipartUpload>${parts.map(([number, etag]) => `<Part><PartNumber>${number}</PartNumber><ETag>${etag}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;

const refuses = test.macro({
  async exec(t, request: RawRequest, status: number, code: string) {
    const hostile = await withBucket(t);
    const answer = await hostile.send(request);
    t.is(answer.status, status, answer.text);
    t.is(answer.code, code);
    await hostile.assertUnharmed(t);
  },
  title: (what = '', _request, status, code) => `${what} is refused with ${status} ${code} and touches nothing outside the state folder`,
});

test('UploadPart with partNumber ../../../tmp/pwned.txt', refuses, s3('PUT', `/${BUCKET}/k?uploadId=x&partNumber=..%2F..%2F..%2Ftmp%2Fpwned.txt`, { body: 'x' }), 400, 'InvalidArgument');
test('UploadPart with partNumber 0', refuses, s3('PUT', `/${BUCKET}/k?uploadId=x&partNumber=0`, { body: 'x' }), 400, 'InvalidArgument');
test('UploadPart with partNumber 10001', refuses, s3('PUT', `/${BUCKET}/k?uploadId=x&partNumber=10001`, { body: 'x' }), 400, 'InvalidArgument');
test('UploadPart to an unknown upload id', refuses, s3('PUT', `/${BUCKET}/k?uploadId=${'A'.repeat(64)}&partNumber=1`, { body: 'x' }), 404, 'NoSuchUpload');
test('UploadPart with a ../ upload id', refuses, s3('PUT', `/${BUCKET}/k?uploadId=..%2F..%2Fpwned&partNumber=1`, { body: 'x' }), 404, 'NoSuchUpload');
test('CompleteMultipartUpload with a ../ upload id', refuses, s3('POST', `/${BUCKET}/k?uploadId=..%2F..%2F..`, { body: completion([[1, '"x"']]) }), 404, 'NoSuchUpload');
test('AbortMultipartUpload with a ../ upload id', refuses, s3('DELETE', `/${BUCKET}/k?uploadId=..%2F..`), 404, 'NoSuchUpload');
test('ListParts of an unknown upload id', refuses, s3('GET', `/${BUCKET}/k?uploadId=nope`), 404, 'NoSuchUpload');
test('a key holding a NUL', refuses, s3('PUT', `/${BUCKET}/a%00b`, { body: 'x' }), 400, 'InvalidURI');
test('a path with %FF (not UTF-8)', refuses, s3('GET', `/${BUCKET}/%FF`), 400, 'InvalidURI');
test('a path with a broken escape %G1', refuses, s3('GET', `/${BUCKET}/a%G1`), 400, 'InvalidURI');
test('a key of 1,025 bytes', refuses, s3('PUT', `/${BUCKET}/${'k'.repeat(1025)}`, { body: 'x' }), 400, 'KeyTooLongError');
test('CreateBucket abc-', refuses, s3('PUT', '/abc-'), 400, 'InvalidBucketName');
test('CreateBucket 192.168.1.1', refuses, s3('PUT', '/192.168.1.1'), 400, 'InvalidBucketName');
test('CreateBucket xn--bucket', refuses, s3('PUT', '/xn--bucket'), 400, 'InvalidBucketName');
test('CreateBucket name-s3alias', refuses, s3('PUT', '/name-s3alias'), 400, 'InvalidBucketName');
test('CreateBucket Upper_Case', refuses, s3('PUT', '/Upper_Case'), 400, 'InvalidBucketName');
test('a bucket named %2e%2e', refuses, s3('PUT', '/%2e%2e'), 400, 'InvalidBucketName');
test('a bucket named ..%2F..%2Fpwned', refuses, s3('PUT', '/..%2F..%2Fpwned', { body: 'x' }), 400, 'InvalidBucketName');
test('a PutObject into a bucket named ..', refuses, s3('PUT', '/../pwned.txt', { body: 'x' }), 400, 'InvalidBucketName');
test('a PutObject without Content-Length', refuses, s3('PUT', `/${BUCKET}/k`, { headers: { 'transfer-encoding': 'chunked' }, body: 'x' }), 411, 'MissingContentLength');
test('a PutObject declaring more than 5 GiB', refuses, s3('PUT', `/${BUCKET}/k`, {
  headers: { 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'x-amz-decoded-content-length': String(5 * 1024 * MIB + 1) },
  body: '1\r\nx\r\n0\r\n\r\n',
}), 400, 'EntityTooLarge');
test('a malformed bucket policy', refuses, s3('PUT', `/${BUCKET}?policy`, { body: '{"Statement": [' }), 400, 'MalformedPolicy');
test('a bucket policy without Principal', refuses, s3('PUT', `/${BUCKET}?policy`, { body: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` }] }) }), 400, 'MalformedPolicy');
test('a bucket policy for another bucket', refuses, s3('PUT', `/${BUCKET}?policy`, { body: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' }] }) }), 400, 'MalformedPolicy');
test('malformed tagging XML', refuses, s3('PUT', `/${BUCKET}?tagging`, { body: '<Tagging><TagSet><Tag><Key>a</Key>' }), 400, 'MalformedXML');
test('tagging XML with a DTD', refuses, s3('PUT', `/${BUCKET}?tagging`, { body: '<!DOCTYPE x [<!ENTITY a "aaaa">]><Tagging><TagSet><Tag><Key>&a;</Key><Value>v</Value></Tag></TagSet></Tagging>' }), 400, 'MalformedXML');
test('tags with the same key twice', refuses, s3('PUT', `/${BUCKET}?tagging`, { body: '<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>a</Key><Value>2</Value></Tag></TagSet></Tagging>' }), 400, 'InvalidTag');
test('malformed lifecycle XML', refuses, s3('PUT', `/${BUCKET}?lifecycle`, { body: '<LifecycleConfiguration><Rule><Status>Enabled' }), 400, 'MalformedXML');
test('a lifecycle rule with an unknown status', refuses, s3('PUT', `/${BUCKET}?lifecycle`, { body: '<LifecycleConfiguration><Rule><ID>r</ID><Filter/><Status>Maybe</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>' }), 400, 'MalformedXML');
test('a lifecycle rule expiring after 0 days', refuses, s3('PUT', `/${BUCKET}?lifecycle`, { body: '<LifecycleConfiguration><Rule><ID>r</ID><Filter/><Status>Enabled</Status><Expiration><Days>0</Days></Expiration></Rule></LifecycleConfiguration>' }), 400, 'InvalidArgument');
test('a CORS rule with method TRACE', refuses, s3('PUT', `/${BUCKET}?cors`, { body: '<CORSConfiguration><CORSRule><AllowedMethod>TRACE</AllowedMethod><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>' }), 400, 'InvalidRequest');
test('an encryption configuration with an unknown algorithm', refuses, s3('PUT', `/${BUCKET}?encryption`, { body: '<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>ROT13</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>' }), 400, 'MalformedXML');
test('a versioning status Sometimes', refuses, s3('PUT', `/${BUCKET}?versioning`, { body: '<VersioningConfiguration><Status>Sometimes</Status></VersioningConfiguration>' }), 400, 'MalformedXML');
test('a public access block that is not boolean', refuses, s3('PUT', `/${BUCKET}?publicAccessBlock`, { body: '<PublicAccessBlockConfiguration><BlockPublicAcls>yes</BlockPublicAcls></PublicAccessBlockConfiguration>' }), 400, 'MalformedXML');
test('an ownership rule ObjectThief', refuses, s3('PUT', `/${BUCKET}?ownershipControls`, { body: '<OwnershipControls><Rule><ObjectOwnership>ObjectThief</ObjectOwnership></Rule></OwnershipControls>' }), 400, 'MalformedXML');
test('a cross-site form POST without policy or signature', refuses, {
  method: 'POST', path: `/${BUCKET}`,
  headers: { origin: 'http://evil.example', 'content-type': 'multipart/form-data; boundary=XX' },
  body: '--XX\r\nContent-Disposition: form-data; name="key"\r\n\r\n../../pwned.txt\r\n--XX\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\npwned\r\n--XX--\r\n',
}, 403, 'AccessDenied');
test('a form POST without a multipart boundary', refuses, {
  method: 'POST', path: `/${BUCKET}`, headers: { 'content-type': 'multipart/form-data' }, body: 'key=x',
}, 400, 'MalformedPOSTRequest');
test('a form POST whose body breaks off', refuses, {
  method: 'POST', path: `/${BUCKET}`, headers: { 'content-type': 'multipart/form-data; boundary=XX' }, body: '--XX\r\nContent-Disposition: form-data; name="key"\r\n\r\nx',
}, 400, 'MalformedPOSTRequest');
test('a presigned URL that expired', refuses, {
  method: 'GET', path: `/${BUCKET}/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20200101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20200101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00`,
}, 403, 'AccessDenied');
test('a Range starting past the end', refuses, s3('GET', `/${BUCKET}/missing`, { headers: { range: 'bytes=5-' } }), 404, 'NoSuchKey');

const stored = test.macro({
  async exec(t, path: string, key: string) {
    const hostile = await withBucket(t);
    const put = await hostile.send(s3('PUT', path, { body: `body of ${key}` }));
    t.is(put.status, 200, put.text);
    const got = await hostile.send(s3('GET', path));
    t.is(got.status, 200);
    t.is(got.text, `body of ${key}`);
    const listed = await hostile.send(s3('GET', `/${BUCKET}?list-type=2&encoding-type=url`));
    t.true(listed.text.includes(`<Key>${encodeURIComponent(key).replace(/%2F/g, '/')}</Key>`), listed.text);
    await hostile.assertUnharmed(t);
    t.true(existsSync(join(hostile.stateDir, 's3', BUCKET)), 'the object lives in its bucket folder');
  },
  title: (what = '') => `${what} is stored inside the bucket and reads back unchanged`,
});

test('a key ../../../pwned.txt sent raw', stored, `/${BUCKET}/../../../pwned.txt`, '../../../pwned.txt');
test('a key %2e%2e%2f%2e%2e%2fpwned.txt', stored, `/${BUCKET}/%2e%2e%2f%2e%2e%2fpwned.txt`, '../../pwned.txt');
test('a key with a leading /', stored, `/${BUCKET}//leading`, '/leading');
test('a key with //', stored, `/${BUCKET}/a//b`, 'a//b');
test('a key . and a key ending in /', stored, `/${BUCKET}/./folder/`, './folder/');
test('a key with a 300-byte segment', stored, `/${BUCKET}/long/${'s'.repeat(300)}`, `long/${'s'.repeat(300)}`);
test('a key of 1,024 bytes of multi-byte characters', stored, `/${BUCKET}/${encodeURIComponent('é'.repeat(512))}`, 'é'.repeat(512));
test('a key with control characters and %', stored, `/${BUCKET}/a%01%25b%5Cc`, 'a\u0001%b\\c');

test('keys a and a/b and A live side by side, each with its own bytes', async (t) => {
  const hostile = await withBucket(t);
  for (const key of ['a', 'a/b', 'A', 'a/b/c']) t.is((await hostile.send(s3('PUT', `/${BUCKET}/${key}`, { body: `=${key}` }))).status, 200);
  for (const key of ['a', 'a/b', 'A', 'a/b/c']) t.is((await hostile.send(s3('GET', `/${BUCKET}/${key}`))).text, `=${key}`);
  t.true(existsSync(join(hostile.stateDir, 's3', BUCKET, 'a')), 'the first key is browsable at its own path');
  await hostile.assertUnharmed(t);
});

test('Range: bytes=-3 answers the last 3 bytes with 206, a range past the end 416 InvalidRange, two ranges the whole object', async (t) => {
  const hostile = await withBucket(t);
  await hostile.send(s3('PUT', `/${BUCKET}/r`, { body: '0123456789' }));
  const suffix = await hostile.send(s3('GET', `/${BUCKET}/r`, { headers: { range: 'bytes=-3' } }));
  t.is(suffix.status, 206);
  t.is(suffix.text, '789');
  t.is(suffix.headers['content-range'], 'bytes 7-9/10');
  const past = await hostile.send(s3('GET', `/${BUCKET}/r`, { headers: { range: 'bytes=10-' } }));
  t.is(past.status, 416);
  t.is(past.code, 'InvalidRange');
  const two = await hostile.send(s3('GET', `/${BUCKET}/r`, { headers: { range: 'bytes=0-1,4-5' } }));
  t.is(two.status, 200);
  t.is(two.text, '0123456789');
  await hostile.assertUnharmed(t);
});

test('CompleteMultipartUpload refuses a part never uploaded, parts out of order, a duplicate, a wrong ETag and a small part, then completes', async (t) => {
  const hostile = await withBucket(t);
  const uploadId = await startUpload(hostile);
  const first = Buffer.alloc(5 * MIB, 1);
  const etag1 = await uploadPart(hostile, uploadId, 1, first);
  const etag2 = await uploadPart(hostile, uploadId, 2, Buffer.from('small'));
  const etag3 = await uploadPart(hostile, uploadId, 3, Buffer.from('last'));
  const complete = (parts: [number, string][]) => hostile.send(s3('POST', `/${BUCKET}/k?uploadId=${uploadId}`, { body: completion(parts) }));
  for (const [parts, status, code] of [
    [[[1, etag1], [7, '"x"']], 400, 'InvalidPart'],
    [[[2, etag2], [1, etag1]], 400, 'InvalidPartOrder'],
    [[[1, etag1], [1, etag1]], 400, 'InvalidPartOrder'],
    [[[1, '"0123"'], [2, etag2]], 400, 'InvalidPart'],
    [[[1, etag1], [2, etag2], [3, etag3]], 400, 'EntityTooSmall'],
    [[], 400, 'MalformedXML'],
  ] as [[number, string][], number, string][]) {
    const answer = await complete(parts);
    t.is(answer.status, status, JSON.stringify(parts));
    t.is(answer.code, code);
  }
  const done = await complete([[1, etag1], [3, etag3]]);
  t.is(done.status, 200, done.text);
  const md5s = [first, Buffer.from('last')].map((part) => createHash('md5').update(part).digest());
  t.regex(done.text, new RegExp(`<ETag>&#34;${createHash('md5').update(Buffer.concat(md5s)).digest('hex')}-2&#34;</ETag>`));
  const got = await hostile.send(s3('GET', `/${BUCKET}/k`));
  t.is(got.body.length, 5 * MIB + 4);
  t.is((await hostile.send(s3('GET', `/${BUCKET}/k?uploadId=${uploadId}`))).code, 'NoSuchUpload');
  await hostile.assertUnharmed(t);
});

test('ListParts, ListMultipartUploads, UploadPartCopy and AbortMultipartUpload work on raw requests', async (t) => {
  const hostile = await withBucket(t);
  await hostile.send(s3('PUT', `/${BUCKET}/source`, { body: '0123456789' }));
  const uploadId = await startUpload(hostile, 'target');
  const copied = await hostile.send(s3('PUT', `/${BUCKET}/target?uploadId=${uploadId}&partNumber=2`, { headers: { 'x-amz-copy-source': `/${BUCKET}/source`, 'x-amz-copy-source-range': 'bytes=2-5' } }));
  t.is(copied.status, 200, copied.text);
  t.regex(copied.text, /<CopyPartResult xmlns="[^"]+"><ETag>/);
  const parts = await hostile.send(s3('GET', `/${BUCKET}/target?uploadId=${uploadId}`));
  t.regex(parts.text, /<Part><PartNumber>2<\/PartNumber>.*<Size>4<\/Size><\/Part>/);
  const uploads = await hostile.send(s3('GET', `/${BUCKET}?uploads`));
  t.regex(uploads.text, new RegExp(`<Upload><Key>target</Key><UploadId>${uploadId}</UploadId>`));
  const aborted = await hostile.send(s3('DELETE', `/${BUCKET}/target?uploadId=${uploadId}`));
  t.is(aborted.status, 204);
  t.notRegex((await hostile.send(s3('GET', `/${BUCKET}?uploads`))).text, /<Upload>/);
  t.deepEqual(readdirSync(join(hostile.stateDir, 's3-meta', 'uploads')), []);
  await hostile.assertUnharmed(t);
});

test('settings refused as malformed are not stored: the bucket still has no policy, tags or lifecycle', async (t) => {
  const hostile = await withBucket(t);
  await hostile.send(s3('PUT', `/${BUCKET}?policy`, { body: 'not json' }));
  await hostile.send(s3('PUT', `/${BUCKET}?tagging`, { body: '<Tagging>' }));
  await hostile.send(s3('PUT', `/${BUCKET}?lifecycle`, { body: '<<<' }));
  t.is((await hostile.send(s3('GET', `/${BUCKET}?policy`))).code, 'NoSuchBucketPolicy');
  t.is((await hostile.send(s3('GET', `/${BUCKET}?tagging`))).code, 'NoSuchTagSet');
  t.is((await hostile.send(s3('GET', `/${BUCKET}?lifecycle`))).code, 'NoSuchLifecycleConfiguration');
  await hostile.assertUnharmed(t);
});

test('a client that goes away in the middle of a PutObject leaves no object and no temporary file', async (t) => {
  const hostile = await withBucket(t);
  const { request } = await import('node:http');
  const url = new URL(hostile.edge.url);
  await new Promise<void>((resolve) => {
    const put = request({ host: '127.0.0.1', port: Number(url.port), method: 'PUT', path: `/${BUCKET}/half`, headers: { ...s3('PUT', '/').headers, 'content-length': String(10 * MIB) } });
    put.on('error', () => resolve());
    put.write(Buffer.alloc(MIB, 7), () => setTimeout(() => { put.destroy(); resolve(); }, 100));
  });
  // The server notices the closed connection on its own time; wait for its temporary file to go.
  const temporary = join(hostile.stateDir, 's3-meta', 'tmp');
  await eventually('the cut-off upload\'s temporary file is gone', () => readdirSync(temporary).length === 0, { everyMs: 50 });
  t.is((await hostile.send(s3('GET', `/${BUCKET}/half`))).code, 'NoSuchKey');
  await hostile.assertUnharmed(t);
});
