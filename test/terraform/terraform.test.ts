import test from 'ava';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeDeliveryStreamCommand, FirehoseClient, ListDeliveryStreamsCommand } from '@aws-sdk/client-firehose';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { KinesisClient, ListStreamsCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { GetObjectCommand, ListBucketsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startAgentProcess, startNginx, waitForAgentShipped } from '../../stack/index.js';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import { createEdgeServer } from '../../emulator-shims/index.js';
import { buildTransformZip, COMBINED_LOG_FORMAT } from '../../lambda/index.js';
import { terraform, terraformEnv, terraformMissing } from './terraform-cli.js';

const MODULE_DIR = fileURLToPath(new URL('../../terraform/', import.meta.url));
const LINE = '203.0.113.9 - - [25/Nov/2026:09:15:02 +0900] "GET /tf?x=1 HTTP/1.1" 200 512 "-" "curl/8.5.0"';

if (terraformMissing) {
  test.skip(`terraform apply / plan / destroy against the local endpoint — skipped: ${terraformMissing}`, () => {});
} else {
  test('terraform applies the module against the local endpoint, plans no changes, delivers a record and destroys everything', async (t) => {
    t.timeout(10 * 60_000, 'terraform init, apply, plan, delivery and destroy');
    const work = await mkdtemp(join(tmpdir(), 'hosepipe-tf-'));
    t.teardown(() => rm(work, { recursive: true, force: true }));
    // A copy of the module, so no .terraform folder or state lands in the repository.
    await cp(MODULE_DIR, join(work, 'terraform'), { recursive: true, filter: (source) => !/[\\/]\.terraform(\.lock\.hcl)?$|\.tfstate/.test(source) && !source.endsWith('_override.tf') });
    const zip = await buildTransformZip({ outDir: join(work, 'dist') });
    const edge = await createEdgeServer({ port: 0, stateDir: join(work, 'state'), firehose: { createDelayMs: 50, deleteDelayMs: 50 } });
    t.teardown(() => edge.close());

    const env = await terraformEnv(work);
    const name = `tf-${randomBytes(3).toString('hex')}`;
    const vars = ['-var', `endpoint=${edge.url}`, '-var', `name=${name}`, '-var', `lambda_zip_path=${zip.zipPath}`, '-var', 'force_destroy=true'];
    const root = join(work, 'terraform', 'examples', 'local');

    const init = await terraform(['init', '-input=false', '-no-color'], root, env);
    t.is(init.code, 0, init.output);
    const apply = await terraform(['apply', '-auto-approve', '-input=false', '-no-color', ...vars], root, env);
    t.is(apply.code, 0, apply.output);
    const plan = await terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color', ...vars], root, env);
    t.is(plan.code, 0, `a second plan must show no changes:\n${plan.output}`);

    const config = { endpoint: edge.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() };
    const firehose = new FirehoseClient(config);
    const kinesis = new KinesisClient(config);
    const s3 = new S3Client({ ...config, forcePathStyle: true });
    const deliveryStream = `${name}-to-s3`;
    const bucket = `${name}-000000000000-us-east-1`;
    const described = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: deliveryStream }));
    t.is(described.DeliveryStreamDescription?.DeliveryStreamStatus, 'ACTIVE');

    await kinesis.send(new PutRecordCommand({ StreamName: `${name}-access-logs`, PartitionKey: 'tf', Data: Buffer.from(`${LINE}\n`) }));
    const flushed = await fetch(`${edge.url}/_hosepipe/firehose/${deliveryStream}/flush`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    t.is(flushed.status, 200, await flushed.text());
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'kinesis/firehose/migration/' }));
    t.is(listed.KeyCount, 1, JSON.stringify(listed.Contents?.map((object) => object.Key)));
    const key = listed.Contents?.[0]?.Key ?? '';
    // The event's own hour in Asia/Seoul, the module's default time zone.
    t.regex(key, /^kinesis\/firehose\/migration\/year=2026\/month=11\/day=25\/hour=09\//);
    const body = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
    t.like(JSON.parse(body.trim()) as Record<string, unknown>, { remote_addr: '203.0.113.9', status: 200, uri: '/tf?x=1' });
    const raw = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'kinesis/firehose/origin/raw/' }));
    t.is(raw.KeyCount, 1);

    // Requests sent to a real nginx, shipped by the real agent into the Terraform-made stream, land as with `make up`.
    const nginx = await startNginx({ prefix: join(work, 'nginx'), port: 0, logFormat: COMBINED_LOG_FORMAT, escape: 'default' });
    t.teardown(() => nginx.stop());
    const agent = await startAgentProcess({
      root: PACKAGE_ROOT,
      configFile: join(work, 'agent.json'),
      config: { files: nginx.accessLog, stream: `${name}-access-logs`, endpoint: edge.url, region: 'us-east-1', checkpointFile: join(work, 'checkpoints.json'), initialPosition: 'START_OF_FILE', maxBufferAgeMs: 100, statusPort: 0 },
      logFile: join(work, 'agent.log'),
    });
    t.teardown(() => agent.stop());
    for (let i = 0; i < 5; i++) t.is((await fetch(`${nginx.url}/from-nginx?i=${i}`)).status, 200);
    await waitForAgentShipped(agent.statusUrl!, nginx.accessLog);
    t.is((await fetch(`${edge.url}/_hosepipe/firehose/${deliveryStream}/flush`, { method: 'POST', headers: { 'content-type': 'application/json' } })).status, 200);
    const delivered: Record<string, unknown>[] = [];
    for (const object of (await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'kinesis/firehose/migration/' }))).Contents ?? []) {
      const text = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key! }))).Body!.transformToString();
      delivered.push(...text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>));
    }
    t.deepEqual(delivered.filter((record) => String(record.uri).startsWith('/from-nginx')).map((record) => record.uri).sort(), [0, 1, 2, 3, 4].map((i) => `/from-nginx?i=${i}`));
    await agent.stop();
    await nginx.stop();

    const destroy = await terraform(['destroy', '-auto-approve', '-input=false', '-no-color', ...vars], root, env);
    t.is(destroy.code, 0, destroy.output);
    t.deepEqual((await firehose.send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames, []);
    t.deepEqual((await kinesis.send(new ListStreamsCommand({}))).StreamNames, []);
    t.deepEqual(((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((entry) => entry.Name), []);
    t.deepEqual((await new LambdaClient(config).send(new ListFunctionsCommand({}))).Functions, []);
    const iam = new IAMClient(config);
    for (const role of [`${name}-firehose`, `${name}-transform`]) await t.throwsAsync(iam.send(new GetRoleCommand({ RoleName: role })), { name: 'NoSuchEntityException' });
    t.deepEqual((await new CloudWatchLogsClient(config).send(new DescribeLogGroupsCommand({}))).logGroups, []);
  });
}
