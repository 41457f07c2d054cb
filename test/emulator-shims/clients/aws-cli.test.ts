import test from 'ava';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { clientConfig, startEdge, uniqueName } from '../edge/helpers.js';
import { createActiveStream, createDirectPut, localAwsEnv, run } from './helpers.js';

const AWS = '/usr/bin/aws';
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

test('aws s3 cp of a 20 MB file up and back returns the same bytes', async (t) => {
  const edge = await startEdge(t);
  const env = localAwsEnv(edge);
  const bucket = uniqueName('cli');
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-cli-'));
  const original = randomBytes(20 * 1024 * 1024);
  writeFileSync(join(dir, 'up.bin'), original);
  await run(AWS, ['--endpoint-url', edge.url, 's3', 'mb', `s3://${bucket}`], env);
  await run(AWS, ['--endpoint-url', edge.url, 's3', 'cp', join(dir, 'up.bin'), `s3://${bucket}/data/up.bin`], env);
  await run(AWS, ['--endpoint-url', edge.url, 's3', 'cp', `s3://${bucket}/data/up.bin`, join(dir, 'down.bin')], env);
  t.is(sha(readFileSync(join(dir, 'down.bin'))), sha(original));
});

test('aws s3 sync uploads a tree and syncs it back unchanged', async (t) => {
  const edge = await startEdge(t);
  const env = localAwsEnv(edge);
  const bucket = uniqueName('sync');
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-sync-'));
  const files: Record<string, Buffer> = { 'a.txt': Buffer.from('alpha\n'), 'nested/b.log': randomBytes(100_000), 'nested/deeper/c.json': Buffer.from('{"c":1}') };
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(join(dir, 'src', name, '..'), { recursive: true });
    writeFileSync(join(dir, 'src', name), data);
  }
  await run(AWS, ['--endpoint-url', edge.url, 's3', 'mb', `s3://${bucket}`], env);
  await run(AWS, ['--endpoint-url', edge.url, 's3', 'sync', join(dir, 'src'), `s3://${bucket}/tree`], env);
  await run(AWS, ['--endpoint-url', edge.url, 's3', 'sync', `s3://${bucket}/tree`, join(dir, 'back')], env);
  for (const [name, data] of Object.entries(files)) t.true(readFileSync(join(dir, 'back', name)).equals(data), name);
  // A second sync finds nothing to copy.
  t.is((await run(AWS, ['--endpoint-url', edge.url, 's3', 'sync', join(dir, 'src'), `s3://${bucket}/tree`], env)).trim(), '');
});

test('aws kinesis put-record writes a record that get-records reads back', async (t) => {
  const edge = await startEdge(t);
  const env = localAwsEnv(edge);
  const stream = uniqueName('cli-stream');
  await createActiveStream(edge, stream);
  const version = await run(AWS, ['--version'], env).catch(() => '');
  // CLI v2 takes --data as base64 unless told otherwise; v1 sends the text as the record.
  const binaryArgs = /aws-cli\/2/.test(version) ? ['--cli-binary-format', 'raw-in-base64-out'] : [];
  const put = JSON.parse(await run(AWS, ['--endpoint-url', edge.url, 'kinesis', 'put-record', '--stream-name', stream, '--partition-key', 'p', '--data', 'hello from the cli', ...binaryArgs], env)) as { ShardId: string };
  t.is(put.ShardId, 'shardId-000000000000');
  const iterator = JSON.parse(await run(AWS, ['--endpoint-url', edge.url, 'kinesis', 'get-shard-iterator', '--stream-name', stream, '--shard-id', put.ShardId, '--shard-iterator-type', 'TRIM_HORIZON'], env)) as { ShardIterator: string };
  const records = JSON.parse(await run(AWS, ['--endpoint-url', edge.url, 'kinesis', 'get-records', '--shard-iterator', iterator.ShardIterator], env)) as { Records: { Data: string }[] };
  t.deepEqual(records.Records.map((record) => Buffer.from(record.Data, 'base64').toString()), ['hello from the cli']);
});

test('aws firehose put-record-batch into a DirectPut stream lands in S3 after a flush', async (t) => {
  const edge = await startEdge(t, { firehose: { createDelayMs: 20, pollIntervalMs: 60_000 } });
  const env = localAwsEnv(edge);
  const bucket = uniqueName('fh');
  const name = uniqueName('direct');
  await run(AWS, ['--endpoint-url', edge.url, 's3', 'mb', `s3://${bucket}`], env);
  await createDirectPut(edge, name, bucket);
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-fh-'));
  const lines = Array.from({ length: 25 }, (_, i) => `{"n":${i}}\n`);
  writeFileSync(join(dir, 'records.json'), JSON.stringify(lines.map((line) => ({ Data: Buffer.from(line).toString('base64') }))));
  const version = await run(AWS, ['--version'], env).catch(() => '');
  // CLI v1 base64-encodes blob arguments itself; v2 takes them as base64 already.
  const records = /aws-cli\/2/.test(version) ? JSON.parse(readFileSync(join(dir, 'records.json'), 'utf8')) : lines.map((line) => ({ Data: line }));
  writeFileSync(join(dir, 'records.json'), JSON.stringify(records));
  const answer = JSON.parse(await run(AWS, ['--endpoint-url', edge.url, 'firehose', 'put-record-batch', '--delivery-stream-name', name, '--records', `file://${join(dir, 'records.json')}`], env)) as { FailedPutCount: number };
  t.is(answer.FailedPutCount, 0);
  t.is((await fetch(`${edge.url}/_hosepipe/firehose/${name}/flush`, { method: 'POST', headers: { 'content-type': 'application/json' } })).status, 200);
  const s3 = new S3Client(clientConfig(edge, { forcePathStyle: true }));
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'direct/' }));
  const bodies = await Promise.all((listed.Contents ?? []).map(async (object) => (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }))).Body!.transformToString()));
  t.is(bodies.join(''), lines.join(''));
});
