import test from 'ava';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { startStack, waitForAgentShipped } from '../../stack/index.js';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import { localS3Client, parsePipelineConfig } from '../../provision/index.js';
import { startEndpointProcess } from '../emulator-shims/edge/endpoint-process-helper.js';

// Another endpoint process stands in for a pinned LocalStack: it holds the stream and the bucket, while
// the stack's own endpoint runs Firehose and Lambda in front of it.
test('with engines.kinesis.url and engines.s3.url, requests to nginx are delivered end to end through the external engines', async (t) => {
  const external = await startEndpointProcess(t);
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-engines-'));
  chmodSync(stateDir, 0o755);
  const name = `ext-${Math.random().toString(36).slice(2, 8)}`;
  const config = parsePipelineConfig({ name, agent: { maxBufferAgeMs: 200 }, engines: { kinesis: { url: external.url }, s3: { url: external.url } } });
  const stack = await startStack({ config, root: PACKAGE_ROOT, stateDir, endpointPort: 0, nginxPort: 0, artifactDir: join(stateDir, 'artifact') });
  t.teardown(async () => {
    await stack.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  for (let index = 0; index < 5; index++) t.is((await fetch(`${stack.nginx.url}/external/${index}`)).status, 200);
  t.is((await fetch(`${stack.nginx.url}/%ff%fe`)).status, 200);
  await waitForAgentShipped(stack.agent.statusUrl!, stack.nginx.accessLog);
  await stack.endpoint.firehose.flush(stack.names.deliveryStream);

  // Read straight from the external engine: that is where Firehose wrote.
  const s3 = localS3Client(external.url, config.region);
  t.teardown(() => s3.destroy());
  const keys = async (prefix: string | null) =>
    prefix === null ? [] : ((await s3.send(new ListObjectsV2Command({ Bucket: stack.names.bucket, Prefix: prefix }))).Contents ?? []).map((object) => object.Key);
  t.true((await keys(stack.prefixes.success)).length >= 1, 'transformed JSON under the partition prefix');
  t.true((await keys(stack.prefixes.backup)).length >= 1, 'raw lines under the backup prefix');
  const metrics = (await (await fetch(`${stack.endpoint.url}/_hosepipe/metrics`)).json()) as { deliveryStreams: Record<string, Record<string, number>> };
  t.is(metrics.deliveryStreams[stack.names.deliveryStream]?.['DeliveryToS3.Records'], 6);
  t.false(existsSync(join(stateDir, 's3', stack.names.bucket)), 'nothing was stored by the stack\'s own endpoint');
});
