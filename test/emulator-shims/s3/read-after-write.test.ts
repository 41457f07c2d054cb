import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createEdgeServer } from '../../../emulator-shims/index.js';

test('a large object reads back whole right after its PutObject answers (read-after-write)', async (t) => {
  const edge = await createEdgeServer({ port: 0, stateDir: mkdtempSync(join(tmpdir(), 'hosepipe-s3-durable-')) });
  t.teardown(() => edge.close());
  const s3 = new S3Client({ endpoint: edge.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler(), requestChecksumCalculation: 'WHEN_REQUIRED' });
  await s3.send(new CreateBucketCommand({ Bucket: 'durable-puts' }));
  const body = Buffer.alloc(12 * 1024 * 1024, 'x');
  for (let round = 0; round < 5; round++) {
    await s3.send(new PutObjectCommand({ Bucket: 'durable-puts', Key: `big-${round}`, Body: body }));
    const read = await (await s3.send(new GetObjectCommand({ Bucket: 'durable-puts', Key: `big-${round}` }))).Body!.transformToByteArray();
    t.is(read.length, body.length, `round ${round}`);
  }
});
