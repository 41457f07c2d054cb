import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateDeliveryStreamCommand, FirehoseClient, PutRecordCommand } from '@aws-sdk/client-firehose';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import { createEdgeServer, LOCAL_CREDENTIALS } from '../../emulator-shims/index.js';
import { flushFirehose } from '../../stack/index.js';
import { collect } from '../fixtures/processes.js';
import { runStateFor } from '../fixtures/run-state.js';

const BIN = `${PACKAGE_ROOT}/cli/bin.js`;

test('hosepipe status shows a firehose row for each delivery stream reading the stream, each with its own counts', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'hosepipe-status-'));
  // IAM off and no creation delay: this test is about what status prints.
  const edge = await createEdgeServer({ port: 0, stateDir: join(work, 'endpoint'), iam: { enforce: false }, firehose: { createDelayMs: 0 } });
  const common = { endpoint: edge.url, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, requestHandler: new NodeHttpHandler() };
  const s3 = new S3Client({ ...common, forcePathStyle: true });
  const firehose = new FirehoseClient(common);
  t.teardown(async () => {
    s3.destroy();
    firehose.destroy();
    await edge.close();
    rmSync(work, { recursive: true, force: true });
  });
  await s3.send(new CreateBucketCommand({ Bucket: 'logs' }));
  const role = 'arn:aws:iam::000000000000:role/firehose';
  for (const name of ['first', 'second']) {
    await firehose.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: name, DeliveryStreamType: 'DirectPut',
      ExtendedS3DestinationConfiguration: { RoleARN: role, BucketARN: 'arn:aws:s3:::logs', Prefix: `${name}/`, ErrorOutputPrefix: `${name}-error/` },
    }));
  }
  await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'second', Record: { Data: Buffer.from('one line\n') } }));
  await flushFirehose(edge.url, 'second');

  const state = runStateFor(work, edge.url, { deliveryStream: 'first', deliveryStreams: ['first', 'second'], prefixes: { success: 'first/', error: 'first-error/', backup: null } });
  const { code, out, err } = await collect(process.execPath, [BIN, 'status', '--state', state], PACKAGE_ROOT);
  t.is(code, 0, err);
  const rows = out.split('\n').filter((line) => line.startsWith('firehose'));
  t.is(rows.length, 2, out);
  t.regex(rows[0]!, /^firehose\s+first\s/);
  t.notRegex(rows[0]!, /DeliveryToS3\.Records=[1-9]/);
  t.regex(rows[1]!, /^firehose\s+second\s.*DeliveryToS3\.Records=1\b/);
});
