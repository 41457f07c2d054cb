import test from 'ava';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FirehoseClient, ListDeliveryStreamsCommand } from '@aws-sdk/client-firehose';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { GetObjectCommand, ListBucketsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createEdgeServer } from '../../emulator-shims/index.js';
import { freePort, terraformWork } from '../../stack/index.js';
import { alive, exitOf } from '../fixtures/processes.js';
import { TEAM, teamRoot } from './team-root.js';
import { terraform, terraformEnv, terraformMissing } from './terraform-cli.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../cli/bin.js', import.meta.url));

interface RunState { pid: number; agentPid: number; nginxPid: number; endpoint: string; nginxUrl: string; kind?: string; region?: string; stream: string; deliveryStream: string; bucket: string }

/** A project folder with a hosepipe.yaml of free ports, the CLI run in it, and Terraform's offline provider mirror. */
async function project(prefix: string) {
  const cwd = await mkdtemp(join(tmpdir(), prefix));
  const env = { ...(await terraformEnv(cwd)), HOSEPIPE_STATE_DIR: join(cwd, '.hosepipe') };
  const [endpointPort, nginxPort] = [await freePort(), await freePort()];
  const hosepipe = (args: string[]) => exitOf(run(process.execPath, [CLI, ...args], { cwd, env, maxBuffer: 64 * 1024 * 1024 }));
  const runState = async () => JSON.parse(await readFile(join(cwd, '.hosepipe', 'run', 'hosepipe.json'), 'utf8')) as RunState;
  return { cwd, env, endpointPort, nginxPort, hosepipe, runState };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

if (terraformMissing) {
  test.skip(`hosepipe up --terraform — skipped: ${terraformMissing}`, () => {});
} else {
  test('hosepipe up -d --terraform runs a team\'s root in eu-west-1: requests to nginx reach the function\'s own objects and Firehose\'s deliveries, audit exits 0, down then up again finds the same pipeline, load accounts for its traffic, and down --destroy leaves none of the root\'s resources', async (t) => {
    t.timeout(12 * 60_000, 'terraform init, apply, delivery and destroy through the CLI');
    const { cwd, env, hosepipe, runState } = await project('hosepipe-up-tf-');
    t.teardown(async () => {
      await hosepipe(['down']);
      await rm(cwd, { recursive: true, force: true });
    });
    const dir = await teamRoot(cwd);
    // The team's local settings: the ports (0: free ones bound by hosepipe itself, read back from the run state,
    // none chosen beforehand that another test file's server could take during terraform apply); IAM is enforced
    // (the default) so the root's policies must be right.
    await writeFile(join(cwd, 'hosepipe.yaml'), 'name: team\nendpoint: { port: 0 }\nnginx: { listen: 127.0.0.1:0 }\niam: { enforce: true }\n');

    const up = await hosepipe(['up', '-d', '--terraform', dir]);
    t.is(up.code, 0, up.stderr);
    t.regex(up.stdout, /hosepipe is up with the Terraform root /);
    t.regex(up.stdout, new RegExp(`stream +${TEAM.stream} → ${TEAM.deliveryStream}`));
    const state = await runState();
    t.like(state, { kind: 'terraform', region: TEAM.region, stream: TEAM.stream, deliveryStream: TEAM.deliveryStream, bucket: TEAM.bucket });
    t.regex(state.endpoint, /^http:\/\/127\.0\.0\.1:[1-9]\d*$/);

    for (let i = 0; i < 3; i++) t.is((await fetch(`${state.nginxUrl}/team?i=${i}`)).status, 200);
    const flush = await hosepipe(['flush']);
    t.is(flush.code, 0, flush.stderr);

    const clientOf = (endpoint: string) => ({ endpoint, region: TEAM.region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() });
    let s3 = new S3Client({ ...clientOf(state.endpoint), forcePathStyle: true });
    const bodies = async (prefix: string) => Promise.all(((await s3.send(new ListObjectsV2Command({ Bucket: TEAM.bucket, Prefix: prefix }))).Contents ?? [])
      .map(async (object) => (await s3.send(new GetObjectCommand({ Bucket: TEAM.bucket, Key: object.Key! }))).Body!.transformToString()));
    const parsed = (await bodies(TEAM.parsed)).map((body) => (JSON.parse(body) as { request: string }).request).sort();
    t.deepEqual(parsed, [0, 1, 2].map((i) => `GET /team?i=${i} HTTP/1.1`), 'the function\'s own objects, written with boto3 under its role');
    const delivered = (await bodies(TEAM.delivered)).join('');
    for (let i = 0; i < 3; i++) t.true(delivered.includes(`"GET /team?i=${i} HTTP/1.1"`), `Firehose delivered line ${i} as the function returned it:\n${delivered}`);

    const status = await hosepipe(['status']);
    t.is(status.code, 0, status.stderr);
    t.regex(status.stdout, new RegExp(`firehose +${TEAM.deliveryStream} .*SucceedProcessing\\.Records=3`));
    const audit = await hosepipe(['audit']);
    t.is(audit.code, 0, `${audit.stdout}\n${audit.stderr}`);
    t.regex(audit.stdout, /nothing missing/);

    // load: generated traffic (scanner probes and garbage too) through the team's function, accounted for by outcome.
    const load = await hosepipe(['load', '-n', '20']);
    t.is(load.code, 0, `${load.stdout}\n${load.stderr}`);
    t.regex(load.stdout, /accounted for by outcome/);
    t.regex(load.stdout, /nothing missing/);
    const parsedBefore = (await bodies(TEAM.parsed)).length;

    // down keeps the Terraform state and the endpoint's: up again finds the pipeline as it was.
    const stop = await hosepipe(['down']);
    t.is(stop.code, 0, stop.stderr);
    t.regex(stop.stdout, /the Terraform state in .* stays/);
    const again = await hosepipe(['up', '-d', '--terraform', dir]);
    t.is(again.code, 0, again.stderr);
    t.regex(again.stderr, /Apply complete! Resources: 0 added, \d+ changed, 0 destroyed\./, 'nothing created again');
    const restarted = await runState();
    // The endpoint of this run (port 0 gives each run its own).
    s3 = new S3Client({ ...clientOf(restarted.endpoint), forcePathStyle: true });
    t.is((await bodies(TEAM.parsed)).length, parsedBefore, 'the bucket kept its objects');

    const down = await hosepipe(['down', '--destroy']);
    t.is(down.code, 0, down.stderr);
    t.regex(down.stderr, /terraform destroy in .*\n.*Destroy complete! Resources: 9 destroyed\./);
    for (const pid of [state.pid, state.agentPid, state.nginxPid, restarted.pid, restarted.agentPid, restarted.nginxPid]) t.false(alive(pid), `pid ${pid} is still running`);
    t.false(await listening(Number(new URL(restarted.endpoint).port)), 'the endpoint stopped');

    // Nothing of the root is left: Terraform's state is empty and the endpoint's own state, opened again, has none of it.
    // The state is hosepipe's (the root's S3 backend is never used): the root gets no state and no .terraform of its own.
    t.false(existsSync(join(dir, 'terraform.tfstate')) || existsSync(join(dir, '.terraform')), 'nothing of Terraform\'s own in the root');
    const show = await terraform(['show', '-json', '-no-color'], dir, { ...env, ...terraformWork(join(cwd, '.hosepipe')).env });
    t.is(show.code, 0, show.output);
    t.is((JSON.parse(show.output) as { values?: unknown }).values, undefined, 'the Terraform state holds no resources');
    const edge = await createEdgeServer({ port: 0, stateDir: join(cwd, '.hosepipe'), region: TEAM.region, persistKinesis: true });
    t.teardown(() => edge.close());
    const reopened = clientOf(edge.url);
    t.deepEqual((await new KinesisClient(reopened).send(new ListStreamsCommand({}))).StreamNames, []);
    t.deepEqual((await new FirehoseClient(reopened).send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames, []);
    t.deepEqual((await new LambdaClient(reopened).send(new ListFunctionsCommand({}))).Functions, []);
    for (const role of TEAM.roles) await t.throwsAsync(new IAMClient(reopened).send(new GetRoleCommand({ RoleName: role })), { name: 'NoSuchEntityException' }, role);
    t.deepEqual(((await new S3Client({ ...reopened, forcePathStyle: true }).send(new ListBucketsCommand({}))).Buckets ?? []).map((bucket) => bucket.Name), []);
  });

  test('hosepipe up -d with terraform: in hosepipe.yaml naming a root Terraform cannot read prints Terraform\'s error as it printed it, then one line naming the failed step, and leaves nothing running', async (t) => {
    t.timeout(3 * 60_000);
    const { cwd, endpointPort, nginxPort, hosepipe } = await project('hosepipe-up-tf-bad-');
    t.teardown(() => rm(cwd, { recursive: true, force: true }));
    await mkdir(join(cwd, 'infra'));
    await writeFile(join(cwd, 'infra', 'main.tf'), 'resource "aws_kinesis_stream" "logs" {\n  name = \n}\n');
    await writeFile(join(cwd, 'hosepipe.yaml'), `terraform: { dir: ./infra }\nendpoint: { port: ${endpointPort} }\nnginx: { listen: 127.0.0.1:${nginxPort} }\n`);

    const up = await hosepipe(['up', '-d']);
    t.is(up.code, 1, up.stdout);
    t.regex(up.stderr, /Error: Invalid expression/, 'Terraform\'s own error');
    t.regex(up.stderr, /on main\.tf line 2, in resource "aws_kinesis_stream" "logs":/);
    const lines = up.stderr.trimEnd().split('\n');
    t.regex(lines.at(-1) ?? '', new RegExp(`^hosepipe: terraform init failed in ${join(cwd, 'infra').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(exit 1\\): Terraform's output is above \\(log: `));
    t.false(await listening(endpointPort), 'no endpoint left listening');
    t.false(await listening(nginxPort), 'no nginx left listening');
    const status = await hosepipe(['status']);
    t.regex(status.stdout, /hosepipe is not running/);
  });
}
