import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { startStack } from '../../stack/index.js';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import { localS3Client, parsePipelineConfig } from '../../provision/index.js';
import { auditPassed, auditPipeline, collectAuditInput, drainStack, predictTransform } from '../../scenarios/index.js';

const TEAM_FUNCTION = fileURLToPath(new URL('../fixtures/team-python-transform', import.meta.url));

test('hosepipe.yaml with transform.code pointing at a Python folder: a request to nginx lands as the function\'s own object and as Firehose\'s delivery, and the audit accounts for it', async (t) => {
  t.timeout(5 * 60_000, 'a whole stack with a Python transform');
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-team-stack-'));
  const name = `team-${Math.random().toString(36).slice(2, 8)}`;
  const bucket = `${name}-000000000000-us-east-1`;
  const config = parsePipelineConfig({
    name,
    transform: {
      code: TEAM_FUNCTION, runtime: 'python3.11', environment: { OUTPUT_BUCKET: bucket },
      // IAM is evaluated: the function's role must grant what it calls, as on AWS.
      policyStatements: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/team/*` }],
    },
    // The team's function returns no partition keys: the delivery prefix uses Firehose's own time.
    firehose: { prefix: 'kinesis/firehose/migration/!{timestamp:yyyy/MM/dd/HH}/' },
  });
  const stack = await startStack({ config, root: PACKAGE_ROOT, stateDir, endpointPort: 0, nginxPort: 0, artifactDir: join(stateDir, 'artifact') });
  t.teardown(() => stack.stop());
  for (let i = 0; i < 3; i++) t.is((await fetch(`${stack.nginx.url}/team?i=${i}`)).status, 200);
  await drainStack(stack);
  const s3 = localS3Client(stack.endpoint.url, 'us-east-1');
  const list = async (prefix: string) => (await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? [];
  t.is((await list('team/parsed/')).length, 3, 'every object the function wrote lands in the local bucket');
  t.true((await list('kinesis/firehose/migration/')).length >= 1, 'Firehose delivers the records the function returned Ok');
  const input = await collectAuditInput({ endpoint: stack.endpoint.url, region: 'us-east-1', bucket, deliveryStream: stack.names.deliveryStream, accessLog: stack.nginx.accessLog, prefixes: stack.prefixes });
  t.is(predictTransform(config), undefined);
  const report = auditPipeline(input);
  t.is(report.written, 3);
  t.is(report.delivered, 3);
  t.true(auditPassed(report), JSON.stringify(report));
  s3.destroy();
});

const LAYERED_FUNCTION = fileURLToPath(new URL('../../scenarios/team-python-transform/', import.meta.url));

test('a Python function whose parser only a layer in transform.layers provides runs through the whole stack', async (t) => {
  t.timeout(5 * 60_000, 'a whole stack with a Python transform and a layer');
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-team-layer-'));
  const name = `tl-${Math.random().toString(36).slice(2, 8)}`;
  const config = parsePipelineConfig({
    name,
    transform: {
      code: './function', runtime: 'python3.12', layers: ['./layers/access-log'], environment: { OUTPUT_BUCKET: '${bucket}' },
      // IAM is evaluated: the function's role must grant the objects it writes, as on AWS.
      policyStatements: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:${partition}:s3:::${bucket}/team/parsed/*' }],
    },
    firehose: { prefix: 'team/delivered/', backupPrefix: null },
  }, join(LAYERED_FUNCTION, 'hosepipe.yaml'));
  const stack = await startStack({ config, root: PACKAGE_ROOT, stateDir, endpointPort: 0, nginxPort: 0, artifactDir: join(stateDir, 'artifact') });
  t.teardown(() => stack.stop());
  for (let i = 0; i < 2; i++) t.is((await fetch(`${stack.nginx.url}/layered?i=${i}`)).status, 200);
  await drainStack(stack);
  const s3 = localS3Client(stack.endpoint.url, 'us-east-1');
  t.teardown(() => s3.destroy());
  const bucket = stack.names.bucket;
  const read = async (prefix: string) => {
    const objects = (await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? [];
    const bodies = await Promise.all(objects.map(async (object) => (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key! }))).Body!.transformToString()));
    return bodies.flatMap((body) => body.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>));
  };
  const own = await read('team/parsed/');
  t.deepEqual(own.map((fields) => fields.query).sort(), ['i=0', 'i=1']);
  t.true(own.every((fields) => fields.parsed_by === 'access-log-layer'), 'the layer\'s parser did the parsing');
  t.deepEqual((await read('team/delivered/')).map((fields) => fields.query).sort(), ['i=0', 'i=1']);
});
