import test from 'ava';
import { CreateBucketCommand, DeleteObjectsCommand, ListObjectsV2Command, ListObjectVersionsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { clientConfig, startEdge, uniqueName } from '../edge/helpers.js';

test('listObjectVersions lists each object of an unversioned bucket once, as version null, and DeleteObjects by that version empties it', async (t) => {
  const edge = await startEdge(t);
  const s3 = new S3Client(clientConfig(edge, { forcePathStyle: true }));
  const bucket = uniqueName('versions');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const key of ['a/1.json', 'a/2.json', 'b/3.json']) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));

  const all = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
  t.deepEqual(all.Versions?.map((version) => [version.Key, version.VersionId, version.IsLatest, version.Size]), [
    ['a/1.json', 'null', true, 8], ['a/2.json', 'null', true, 8], ['b/3.json', 'null', true, 8],
  ]);
  t.false(all.IsTruncated);

  const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: 'a/', MaxKeys: 1 }));
  t.deepEqual(page.Versions?.map((version) => version.Key), ['a/1.json']);
  t.true(page.IsTruncated);
  t.is(page.NextKeyMarker, 'a/1.json');
  const rest = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: 'a/', KeyMarker: page.NextKeyMarker }));
  t.deepEqual(rest.Versions?.map((version) => version.Key), ['a/2.json']);

  await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: (all.Versions ?? []).map(({ Key, VersionId }) => ({ Key, VersionId })) } }));
  t.is((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount, 0);
});

test('listObjectVersions of an unknown bucket is NoSuchBucket', async (t) => {
  const edge = await startEdge(t);
  const s3 = new S3Client(clientConfig(edge, { forcePathStyle: true }));
  await t.throwsAsync(s3.send(new ListObjectVersionsCommand({ Bucket: uniqueName('missing') })), { name: 'NoSuchBucket' });
});
