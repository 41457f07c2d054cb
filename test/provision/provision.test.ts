import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { transformArtifact } from '../../stack/artifact.js';
import { createEdgeServer } from '../../emulator-shims/index.js';
import { destroyPipeline, localTarget, parsePipelineConfig, provision, readLivePipeline } from '../../provision/index.js';

async function setUp(t: { teardown(fn: () => Promise<void>): void }) {
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-provision-'));
  const edge = await createEdgeServer({ port: 0, stateDir });
  t.teardown(() => edge.close());
  const config = parsePipelineConfig({ name: `p-${Math.random().toString(36).slice(2, 8)}` });
  const artifact = await transformArtifact(config, join(stateDir, 'artifact'));
  return { target: localTarget(edge.url, config.region), config, artifact };
}

test('apply creates every resource, and a second apply changes nothing and says so', async (t) => {
  const { target, config, artifact } = await setUp(t);
  const first = await provision(target, config, artifact);
  t.true(first.changed);
  t.true(first.plan.every((c) => c.action === 'create'), JSON.stringify(first.plan));
  t.deepEqual(new Set(first.plan.map((c) => c.resource)), new Set(['bucket', 'logGroup', ...(target.manageIam ? ['role'] : []), 'stream', 'function', 'deliveryStream']));
  const second = await provision(target, config, artifact);
  t.false(second.changed, JSON.stringify(second.plan));
  const { DeliveryStreamDescription } = await target.clients.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: first.desired.deliveryStream.name }));
  t.is(DeliveryStreamDescription?.DeliveryStreamStatus, 'ACTIVE');
  t.is(DeliveryStreamDescription?.Source?.KinesisStreamSourceDescription?.KinesisStreamARN, first.desired.names.streamArn);
});

test('apply makes the bucket first, then independent resources side by side, a function only once its roles exist, and the delivery stream last', async (t) => {
  const { target, config, artifact } = await setUp(t);
  // Each call's start and end, in the order they happen, from every client provisioning uses.
  const events: string[] = [];
  for (const client of Object.values(target.clients) as { middlewareStack: { add(middleware: unknown, options: { step: string }): void } }[]) {
    client.middlewareStack.add((next: (args: unknown) => Promise<unknown>, context: { commandName: string }) => async (args: unknown) => {
      events.push(`send ${context.commandName}`);
      try {
        return await next(args);
      } finally {
        events.push(`done ${context.commandName}`);
      }
    }, { step: 'initialize' });
  }
  events.length = 0;
  const { plan } = await provision(target, config, artifact);
  t.true(plan.some((change) => change.resource === 'role'));
  const first = (event: string) => events.indexOf(event);
  const last = (event: string) => events.lastIndexOf(event);
  for (const name of ['CreateBucket', 'PutBucketPolicy', 'CreateRole', 'PutRolePolicy', 'CreateStream', 'DescribeStreamSummary', 'CreateFunction', 'GetFunction', 'CreateDeliveryStream']) {
    t.true(events.includes(`done ${name}Command`), `${name} was called`);
  }
  // The bucket first, alone; then the stream is asked for before the roles' first calls have come back.
  t.true(last('done PutBucketPolicyCommand') < first('send CreateStreamCommand'), events.join('\n'));
  t.true(first('send CreateStreamCommand') < first('done CreateRoleCommand'), events.join('\n'));
  // The function waits for both roles (their policies too); the delivery stream for the function and the ACTIVE stream.
  t.true(last('done PutRolePolicyCommand') < first('send CreateFunctionCommand'), events.join('\n'));
  t.true(last('done DescribeStreamSummaryCommand') < first('send CreateDeliveryStreamCommand'), events.join('\n'));
  t.true(last('done GetFunctionCommand') < first('send CreateDeliveryStreamCommand'), events.join('\n'));
  t.true(last('done CreateBucketCommand') < first('send CreateDeliveryStreamCommand'), events.join('\n'));
});

test('a changed setting is applied in place', async (t) => {
  const { target, config, artifact } = await setUp(t);
  await provision(target, config, artifact);
  const changed = { ...config, firehose: { ...config.firehose, buffering: { sizeMB: 32, intervalSeconds: 120 } } };
  const result = await provision(target, changed, artifact);
  t.deepEqual(result.plan.filter((c) => c.action !== 'none').map((c) => `${c.resource}:${c.action}`), ['deliveryStream:update']);
  const { DeliveryStreamDescription } = await target.clients.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: result.desired.deliveryStream.name }));
  t.deepEqual(DeliveryStreamDescription?.Destinations?.[0]?.ExtendedS3DestinationDescription?.BufferingHints, { SizeInMBs: 32, IntervalInSeconds: 120 });
  t.false((await provision(target, changed, artifact)).changed);
});

test('destroy keeps a bucket that holds objects unless told to empty it', async (t) => {
  const { target, config, artifact } = await setUp(t);
  const { desired } = await provision(target, config, artifact);
  await target.clients.s3.send(new PutObjectCommand({ Bucket: desired.bucket.name, Key: 'keep/me', Body: 'x' }));
  const kept = await destroyPipeline(target, desired, await readLivePipeline(target, desired));
  t.deepEqual(kept.kept, [`bucket ${desired.bucket.name} (holds objects; --empty-bucket deletes them)`]);
  t.true(kept.deleted.includes(`deliveryStream ${desired.deliveryStream.name}`) && kept.deleted.includes(`stream ${desired.stream.name}`) && kept.deleted.includes(`function ${desired.transform.name}`));
  const live = await readLivePipeline(target, desired);
  t.truthy(live.bucket);
  t.falsy(live.stream ?? live.transform ?? live.deliveryStream);
  t.deepEqual(live.logGroups, []);
  const emptied = await destroyPipeline(target, desired, live, { emptyBucket: true });
  t.deepEqual(emptied.deleted, [`bucket ${desired.bucket.name}`]);
  t.falsy((await readLivePipeline(target, desired)).bucket);
});
