import test from 'ava';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FirehoseClient, ListDeliveryStreamsCommand } from '@aws-sdk/client-firehose';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { GetObjectCommand, ListBucketsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { PACKAGE_ROOT } from '../../stack/package-root.js';
import { flushFirehose, freePort, startTerraformStack, TerraformError, waitForAgentShipped } from '../../stack/index.js';
import { TEAM, teamRoot } from './team-root.js';
import { terraformEnv, terraformMissing } from './terraform-cli.js';

if (terraformMissing) {
  test.skip(`startTerraformStack — skipped: ${terraformMissing}`, () => {});
} else {
  test('startTerraformStack applies a team\'s root in eu-west-1 and ships nginx\'s lines into its stream: the function\'s own objects and Firehose\'s deliveries are in the bucket, and destroy leaves none of its resources', async (t) => {
    t.timeout(10 * 60_000, 'terraform init, apply, delivery and destroy');
    const work = await mkdtemp(join(tmpdir(), 'hosepipe-tfstack-'));
    t.teardown(() => rm(work, { recursive: true, force: true }));
    const dir = await teamRoot(work);
    const stack = await startTerraformStack({ dir, root: PACKAGE_ROOT, stateDir: join(work, 'state'), endpointPort: 0, nginxPort: 0, env: await terraformEnv(work) });
    t.teardown(() => stack.stop());

    t.is(stack.kind, 'terraform');
    t.is(stack.region, TEAM.region);
    t.like(stack.names, { stream: TEAM.stream, deliveryStream: TEAM.deliveryStream, bucket: TEAM.bucket, functionName: TEAM.functionName, firehoseRole: 'team-tf-firehose', transformRole: 'team-tf-parse' });
    t.deepEqual(stack.prefixes, { success: TEAM.delivered, error: TEAM.errors, backup: null });
    t.deepEqual(stack.deliveryStreams[0]?.processors[0]?.parameters, { LambdaArn: `arn:aws:lambda:eu-west-1:000000000000:function:${TEAM.functionName}:$LATEST`, BufferSizeInMBs: '0.5', BufferIntervalInSeconds: '30' });

    for (let i = 0; i < 3; i++) t.is((await fetch(`${stack.nginx.url}/team?i=${i}`)).status, 200);
    await waitForAgentShipped(stack.agent.statusUrl!, stack.nginx.accessLog);
    await flushFirehose(stack.endpoint.url, TEAM.deliveryStream);

    const client = { endpoint: stack.endpoint.url, region: TEAM.region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() };
    const s3 = new S3Client({ ...client, forcePathStyle: true });
    const keys = async (prefix: string) => ((await s3.send(new ListObjectsV2Command({ Bucket: TEAM.bucket, Prefix: prefix }))).Contents ?? []).map((object) => object.Key!);
    const parsed = await Promise.all((await keys(TEAM.parsed)).map(async (key) => JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: TEAM.bucket, Key: key }))).Body!.transformToString()) as { request: string }));
    t.deepEqual(parsed.map((object) => object.request).sort(), [0, 1, 2].map((i) => `GET /team?i=${i} HTTP/1.1`), 'the function\'s own objects, written with boto3 under its role');
    const delivered = await keys(TEAM.delivered);
    t.true(delivered.length >= 1, 'Firehose delivered what the function returned');
    const lines = (await Promise.all(delivered.map(async (key) => (await s3.send(new GetObjectCommand({ Bucket: TEAM.bucket, Key: key }))).Body!.transformToString()))).join('');
    for (let i = 0; i < 3; i++) t.true(lines.includes(`/team?i=${i} `), `line ${i} delivered as the function returned it`);

    await stack.destroy();
    t.deepEqual((await new KinesisClient(client).send(new ListStreamsCommand({}))).StreamNames, []);
    t.deepEqual((await new FirehoseClient(client).send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames, []);
    t.deepEqual((await new LambdaClient(client).send(new ListFunctionsCommand({}))).Functions, []);
    for (const role of TEAM.roles) await t.throwsAsync(new IAMClient(client).send(new GetRoleCommand({ RoleName: role })), { name: 'NoSuchEntityException' }, role);
    t.deepEqual(((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((bucket) => bucket.Name), []);
  });

  test('startTerraformStack on a root Terraform cannot read fails with Terraform\'s own output and the step, and leaves no endpoint listening', async (t) => {
    t.timeout(3 * 60_000);
    const work = await mkdtemp(join(tmpdir(), 'hosepipe-tfstack-bad-'));
    t.teardown(() => rm(work, { recursive: true, force: true }));
    const dir = join(work, 'root');
    await mkdir(dir);
    await writeFile(join(dir, 'main.tf'), 'resource "aws_kinesis_stream" "logs" {\n  name = \n}\n');
    const port = await freePort();
    const error = await t.throwsAsync(startTerraformStack({ dir, root: PACKAGE_ROOT, stateDir: join(work, 'state'), endpointPort: port, nginxPort: 0, env: await terraformEnv(work) }), { instanceOf: TerraformError });
    t.is(error?.step, 'init');
    t.regex(error?.message ?? '', /^terraform init failed in .*root \(exit 1\): Terraform's output is above$/);
    t.regex(error?.output ?? '', /Error: Invalid expression/);
    t.false(await canConnect(port), 'the endpoint was closed');
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}
