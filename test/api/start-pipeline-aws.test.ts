import test from 'ava';
import { DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { startPipeline, type PipelineDocument } from '../../api/index.js';

const suffix = () => Math.random().toString(36).slice(2, 8);

// AWS played by an embedded pipeline whose endpoint has its admin API off (as test/e2e/aws-stand-in.test.ts does):
// no flush there, so Firehose's own intervals run; 0 s keeps the test short, as AWS allows.
const deployed = (name: string): PipelineDocument => ({
  name,
  region: 'eu-central-1',
  endpoint: { admin: false },
  // Without the transform's partition keys in the prefix: dynamic partitioning would need 60 s of buffering.
  firehose: { prefix: 'api/ok/!{timestamp:yyyy/MM/dd}/', buffering: { sizeMB: 64, intervalSeconds: 0 }, processorBuffering: { sizeMB: 0.5, intervalSeconds: 0 }, backupPrefix: null },
});

test('target aws ships nginx\'s lines into a deployed pipeline found by its delivery stream: flush waits for Firehose\'s own delivery, records and audit read it with the SDK', async (t) => {
  const name = `api-aws-${suffix()}`;
  await using standIn = await startPipeline({ config: deployed(name) });
  t.is(standIn.withoutAdmin, "the endpoint's admin API is off");
  await using pipeline = await startPipeline({ target: 'aws', config: deployed(name), aws: { endpoint: standIn.endpointUrl, region: 'eu-central-1' } });
  t.is(pipeline.kind, 'aws');
  t.regex(pipeline.withoutAdmin ?? '', /^the target is a stand-in for AWS at http:\/\/127\.0\.0\.1:\d+$/);
  t.deepEqual(pipeline.names, standIn.names);
  t.is(pipeline.region, 'eu-central-1');
  t.not(pipeline.nginxUrl, standIn.nginxUrl, 'nginx and the agent of its own, shipping into the deployed stream');
  const described = await pipeline.clients.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: pipeline.names.deliveryStream }));
  t.is(described.DeliveryStreamDescription?.DeliveryStreamStatus, 'ACTIVE');

  await pipeline.send([{ path: '/deployed?i=1' }, { path: '/status/503', count: 2 }]);
  await pipeline.flush();
  const records = await pipeline.records<{ uri: string; status: number }>();
  t.deepEqual(records.map(({ uri, status }) => `${uri} ${status}`).sort(), ['/deployed?i=1 200', '/status/503 503', '/status/503 503']);
  const audit = await pipeline.audit({ drain: false });
  t.true(audit.passed, audit.text);
  t.is(audit.report.written, 3);
  t.is(audit.report.shipped, null, 'no raw backup in this deployment');
});

test('target aws with a delivery stream that is not deployed fails with the SDK\'s ResourceNotFoundException', async (t) => {
  const name = `api-aws-${suffix()}`;
  await using standIn = await startPipeline({ config: deployed(name) });
  await t.throwsAsync(startPipeline({ target: 'aws', config: deployed(name), aws: { endpoint: standIn.endpointUrl, deliveryStream: 'nobody-to-s3' } }), { name: 'ResourceNotFoundException' });
});
