import test from 'ava';
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectsCommand,
  GetBucketLocationCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListBucketsCommand, ListMultipartUploadsCommand, ListObjectsCommand,
  ListObjectsV2Command, ListPartsCommand, PutBucketCorsCommand, PutObjectCommand, S3Client, UploadPartCommand, UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import type { EdgeServer } from '../../../emulator-shims/index.js';
import { clientConfig, startEdge, uniqueName } from '../edge/helpers.js';

const MIB = 1024 * 1024;

async function s3Edge(t: Parameters<typeof startEdge>[0], region = 'us-east-1') {
  const edge = await startEdge(t);
  const s3 = new S3Client(clientConfig(edge, { forcePathStyle: true, region }));
  const bucket = uniqueName('ops');
  await s3.send(new CreateBucketCommand({ Bucket: bucket, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as 'eu-west-1' } }) }));
  return { edge, s3, bucket };
}

const text = async (s3: S3Client, bucket: string, key: string, extra: Record<string, unknown> = {}) =>
  (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...extra }))).Body!.transformToString();

test('CopyObject copies bytes and metadata, or replaces the metadata with REPLACE', async (t) => {
  const { s3, bucket } = await s3Edge(t);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'src', Body: 'copied bytes', ContentType: 'text/plain', Metadata: { colour: 'blue' } }));
  const copy = await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'dst', CopySource: `${bucket}/src` }));
  t.truthy(copy.CopyObjectResult?.ETag);
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'dst' }));
  t.is(head.ContentType, 'text/plain');
  t.deepEqual(head.Metadata, { colour: 'blue' });
  t.is(await text(s3, bucket, 'dst'), 'copied bytes');
  await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'dst', CopySource: `${bucket}/src`, MetadataDirective: 'REPLACE', Metadata: { colour: 'red' } }));
  t.deepEqual((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'dst' }))).Metadata, { colour: 'red' });
  await t.throwsAsync(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'src', CopySource: `${bucket}/src` })), { name: 'InvalidRequest' });
});

test('a multipart upload is listed, its parts listed, a part copied from an object, and it completes; another is aborted', async (t) => {
  const { s3, bucket } = await s3Edge(t);
  const source = Buffer.alloc(6 * MIB, 3);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'source', Body: source }));
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'joined' }));
  const part1 = await s3.send(new UploadPartCopyCommand({ Bucket: bucket, Key: 'joined', UploadId, PartNumber: 1, CopySource: `${bucket}/source`, CopySourceRange: `bytes=0-${5 * MIB - 1}` }));
  const part2 = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'joined', UploadId, PartNumber: 2, Body: 'tail' }));
  const listed = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'joined', UploadId }));
  t.deepEqual(listed.Parts?.map((part) => [part.PartNumber, part.Size]), [[1, 5 * MIB], [2, 4]]);
  const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  t.deepEqual(uploads.Uploads?.map((upload) => [upload.Key, upload.UploadId]), [['joined', UploadId]]);
  await s3.send(new CompleteMultipartUploadCommand({
    Bucket: bucket, Key: 'joined', UploadId,
    MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part1.CopyPartResult?.ETag }, { PartNumber: 2, ETag: part2.ETag }] },
  }));
  const joined = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'joined' }))).Body!.transformToByteArray());
  t.true(joined.equals(Buffer.concat([source.subarray(0, 5 * MIB), Buffer.from('tail')])));
  t.is((await text(s3, bucket, 'joined', { PartNumber: 2 })), 'tail');

  const other = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'dropped' }));
  await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'dropped', UploadId: other.UploadId }));
  t.is((await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads, undefined);
  await t.throwsAsync(s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'dropped', UploadId: other.UploadId })), { name: 'NoSuchUpload' });
});

test('conditional requests: If-None-Match * refuses to overwrite, If-Match guards, a matching ETag answers 304 and a stale one 412', async (t) => {
  const { s3, bucket } = await s3Edge(t);
  const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'once', Body: 'first', IfNoneMatch: '*' }));
  const error = await t.throwsAsync(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'once', Body: 'second', IfNoneMatch: '*' })));
  t.is(error?.name, 'PreconditionFailed');
  await t.throwsAsync(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'once', Body: 'second', IfMatch: '"0000"' })), { name: 'PreconditionFailed' });
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'once', Body: 'third', IfMatch: put.ETag }));
  const current = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'once' }));
  const notModified = await t.throwsAsync(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'once', IfNoneMatch: current.ETag })));
  t.is((notModified as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 304);
  await t.throwsAsync(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'once', IfMatch: put.ETag })), { name: 'PreconditionFailed' });
  await t.throwsAsync(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'once', IfUnmodifiedSince: new Date(Date.now() - 3_600_000) })), { name: 'PreconditionFailed' });
  t.is(await text(s3, bucket, 'once', { IfModifiedSince: new Date(Date.now() - 3_600_000), Range: 'bytes=-3' }), 'ird');
});

test('ListObjects v1 and v2 page with delimiter, markers and continuation tokens as S3 does', async (t) => {
  const { s3, bucket } = await s3Edge(t);
  const keys = ['a/1', 'a/2', 'b', 'c/x/1', 'c/y', 'd'];
  for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
  const top = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/' }));
  t.deepEqual(top.Contents?.map((item) => item.Key), ['b', 'd']);
  t.deepEqual(top.CommonPrefixes?.map((item) => item.Prefix), ['a/', 'c/']);
  t.is(top.KeyCount, 4);
  const seen: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 2, ContinuationToken: token }));
    seen.push(...(page.Contents ?? []).map((item) => item.Key!));
    token = page.NextContinuationToken;
  } while (token);
  t.deepEqual(seen, keys);
  const v1 = await s3.send(new ListObjectsCommand({ Bucket: bucket, Delimiter: '/', MaxKeys: 2 }));
  t.deepEqual([v1.CommonPrefixes?.map((item) => item.Prefix), v1.Contents?.map((item) => item.Key), v1.IsTruncated, v1.NextMarker], [['a/'], ['b'], true, 'b']);
  const rest = await s3.send(new ListObjectsCommand({ Bucket: bucket, Delimiter: '/', Marker: v1.NextMarker }));
  t.deepEqual([rest.CommonPrefixes?.map((item) => item.Prefix), rest.Contents?.map((item) => item.Key)], [['c/'], ['d']]);
  const under = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'c/', Delimiter: '/', StartAfter: 'c/x/' }));
  t.deepEqual([under.CommonPrefixes, under.Contents?.map((item) => item.Key)], [undefined, ['c/y']]);
  await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
  t.is((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount, 0);
});

test('a bucket created in eu-west-1 lives there: GetBucketLocation, HeadBucket and ListBuckets say so; another region or account cannot take its name', async (t) => {
  const { edge, s3, bucket } = await s3Edge(t, 'eu-west-1');
  t.is((await s3.send(new GetBucketLocationCommand({ Bucket: bucket }))).LocationConstraint, 'eu-west-1');
  t.is((await s3.send(new HeadBucketCommand({ Bucket: bucket }))).BucketRegion, 'eu-west-1');
  t.true((await s3.send(new ListBucketsCommand({}))).Buckets?.some((item) => item.Name === bucket && item.BucketRegion === 'eu-west-1'));
  await t.throwsAsync(s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })), { name: 'BucketAlreadyOwnedByYou' });
  // The SDK adds its region as LocationConstraint by itself; a raw call to eu-west-1 without one is refused.
  const unconstrained = await fetch(`${edge.url}/${uniqueName('nowhere')}`, { method: 'PUT', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=0' } });
  t.is(unconstrained.status, 400);
  t.regex(await unconstrained.text(), /<Code>IllegalLocationConstraintException<\/Code><Message>The unspecified location constraint is incompatible/);
  await t.throwsAsync(s3.send(new CreateBucketCommand({ Bucket: uniqueName('elsewhere'), CreateBucketConfiguration: { LocationConstraint: 'ap-south-1' } })), { name: 'IllegalLocationConstraintException' });
  const other = new S3Client(clientConfig(edge, { forcePathStyle: true, credentials: { accessKeyId: '111111111111', secretAccessKey: 'x' } }));
  await t.throwsAsync(other.send(new CreateBucketCommand({ Bucket: bucket })), { name: 'BucketAlreadyExists' });
  t.false((await other.send(new ListBucketsCommand({}))).Buckets?.some((item) => item.Name === bucket) ?? false);
});

test('in us-east-1, creating a bucket you already own answers success, as S3 does for legacy reasons', async (t) => {
  const { s3, bucket } = await s3Edge(t);
  await t.notThrowsAsync(s3.send(new CreateBucketCommand({ Bucket: bucket })));
});

test('a presigned GET works until it expires, then answers 403 AccessDenied "Request has expired"', async (t) => {
  const { edge, s3, bucket } = await s3Edge(t);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'shared', Body: 'shared body' }));
  const url = (date: Date, expires: number) => {
    const stamp = date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    return `${edge.url}/${bucket}/shared?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F${stamp.slice(0, 8)}%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=${stamp}&X-Amz-Expires=${expires}&X-Amz-SignedHeaders=host&X-Amz-Signature=${'0'.repeat(64)}`;
  };
  const fresh = await fetch(url(new Date(), 60));
  t.is(await fresh.text(), 'shared body');
  const stale = await fetch(url(new Date(Date.now() - 120_000), 60));
  t.is(stale.status, 403);
  t.regex(await stale.text(), /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
});

async function preflight(edge: EdgeServer, bucket: string, origin: string, method: string) {
  return fetch(`${edge.url}/${bucket}/k`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method } });
}

test('CORS follows the bucket configuration: no answer without one, the allowed origin and methods with one', async (t) => {
  const { edge, s3, bucket } = await s3Edge(t);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v' }));
  const before = await preflight(edge, bucket, 'http://app.localhost', 'GET');
  t.is(before.status, 403);
  t.is(before.headers.get('access-control-allow-origin'), null);
  await s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['http://app.localhost'], AllowedMethods: ['GET', 'PUT'], MaxAgeSeconds: 60 }] } }));
  const allowed = await preflight(edge, bucket, 'http://app.localhost', 'PUT');
  t.is(allowed.status, 200);
  t.is(allowed.headers.get('access-control-allow-origin'), 'http://app.localhost');
  t.is(allowed.headers.get('access-control-allow-methods'), 'GET, PUT');
  t.is(allowed.headers.get('access-control-max-age'), '60');
  t.is((await preflight(edge, bucket, 'http://evil.example', 'GET')).status, 403);
  t.is((await preflight(edge, bucket, 'http://app.localhost', 'DELETE')).status, 403);
  const get = await fetch(`${edge.url}/${bucket}/k`, { headers: { origin: 'http://app.localhost', authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' } });
  t.is(get.headers.get('access-control-allow-origin'), 'http://app.localhost');
  const foreign = await fetch(`${edge.url}/${bucket}/k`, { headers: { origin: 'http://evil.example', authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' } });
  t.is(foreign.headers.get('access-control-allow-origin'), null);
});

test('a form POST with a signed policy is stored; one whose policy does not allow its key is refused', async (t) => {
  const { edge, bucket } = await s3Edge(t);
  const policy = (conditions: unknown[]) => Buffer.from(JSON.stringify({ expiration: new Date(Date.now() + 60_000).toISOString(), conditions })).toString('base64');
  const post = (fields: Record<string, string>) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob(['form body']), 'upload.txt');
    return fetch(`${edge.url}/${bucket}`, { method: 'POST', body: form });
  };
  const signature = { 'x-amz-algorithm': 'AWS4-HMAC-SHA256', 'x-amz-credential': 'test/20260101/us-east-1/s3/aws4_request', 'x-amz-date': '20260101T000000Z', 'x-amz-signature': '0'.repeat(64) };
  const conditions = [{ bucket }, ['starts-with', '$key', 'uploads/'], { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' }, { 'x-amz-credential': signature['x-amz-credential'] }, { 'x-amz-date': signature['x-amz-date'] }, ['content-length-range', 1, 100]];
  const accepted = await post({ key: 'uploads/${filename}', policy: policy(conditions), ...signature });
  t.is(accepted.status, 204, await accepted.clone().text());
  t.is(await (await fetch(`${edge.url}/${bucket}/uploads/upload.txt`, { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' } })).text(), 'form body');
  const refused = await post({ key: 'elsewhere/x', policy: policy(conditions), ...signature });
  t.is(refused.status, 403);
  t.regex(await refused.text(), /Invalid according to Policy: Policy Condition failed/);
  const expired = await post({ key: 'uploads/x', policy: Buffer.from(JSON.stringify({ expiration: '2020-01-01T00:00:00Z', conditions })).toString('base64'), ...signature });
  t.regex(await expired.text(), /Policy expired/);
});
