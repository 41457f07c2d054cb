import test from 'ava';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeDeliveryStreamCommand, FirehoseClient, type DeliveryStreamDescription } from '@aws-sdk/client-firehose';
import { GetRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { CreateFunctionCommand, GetFunctionCommand, GetLayerVersionCommand, LambdaClient, ListLayerVersionsCommand, PublishLayerVersionCommand } from '@aws-sdk/client-lambda';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { deploy, plan } from '../../cli/commands/provisioning.js';
import { createEdgeServer } from '../../emulator-shims/index.js';
import { customTransformArtifact, customTransformOf, loadPipelineConfig, localTarget, provision } from '../../provision/index.js';

// The AWS half records the SDK calls `hosepipe plan --target aws` and `deploy --target aws` make, which no local test can show.
const TEAM = fileURLToPath(new URL('../../scenarios/team-python-transform/', import.meta.url));
const accountId = '123456789012';

function awsError(name: string, status = 400): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

function projectFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-plan-aws-'));
  const file = join(dir, 'hosepipe.yaml');
  writeFileSync(file, [
    'name: weblogs',
    'transform:',
    `  code: ${join(TEAM, 'function')}`,
    '  runtime: python3.12',
    `  layers: [${join(TEAM, 'layers', 'access-log')}]`,
    '  environment: { OUTPUT_BUCKET: "${bucket}" }',
    '  policyStatements: [{ Effect: Allow, Action: s3:PutObject, Resource: "arn:${partition}:s3:::${bucket}/team/parsed/*" }]',
    'firehose: { prefix: "team/delivered/" }',
    '',
  ].join('\n'));
  return file;
}

/** Every client class the CLI builds for AWS answers from here: an account where nothing exists yet. */
function emptyAwsAccount() {
  const mocked = {
    sts: mockClient(STSClient), s3: mockClient(S3Client), kinesis: mockClient(KinesisClient), lambda: mockClient(LambdaClient),
    firehose: mockClient(FirehoseClient), iam: mockClient(IAMClient), logs: mockClient(CloudWatchLogsClient),
  };
  emptyAccountAnswers(mocked);
  return { mocked, restore: () => Object.values(mocked).forEach((client) => client.restore()) };
}

/** (Again) an account where nothing exists: each read before the first write answers not found. */
function emptyAccountAnswers(mocked: ReturnType<typeof emptyAwsAccount>['mocked']): void {
  for (const client of Object.values(mocked) as { reset(): void }[]) client.reset();
  // Any call not set up below answers an empty success, like a write that returns no members.
  mocked.sts.onAnyCommand().resolves({});
  mocked.s3.onAnyCommand().resolves({});
  mocked.kinesis.onAnyCommand().resolves({});
  mocked.lambda.onAnyCommand().resolves({});
  mocked.firehose.onAnyCommand().resolves({});
  mocked.iam.onAnyCommand().resolves({});
  mocked.logs.onAnyCommand().resolves({});
  mocked.sts.on(GetCallerIdentityCommand).resolves({ Account: accountId, Arn: `arn:aws:iam::${accountId}:user/deployer` });
  mocked.s3.on(HeadBucketCommand).rejects(awsError('NotFound', 404));
  mocked.logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
  mocked.iam.on(GetRoleCommand).rejects(awsError('NoSuchEntity', 404));
  mocked.kinesis.on(DescribeStreamSummaryCommand).rejectsOnce(awsError('ResourceNotFoundException')).resolves({ StreamDescriptionSummary: { StreamStatus: 'ACTIVE' } as never });
  mocked.lambda.on(GetFunctionCommand).rejectsOnce(awsError('ResourceNotFoundException', 404)).resolves({ Configuration: { State: 'Active', LastUpdateStatus: 'Successful' } });
  mocked.lambda.on(ListLayerVersionsCommand).resolves({ LayerVersions: [] });
  mocked.lambda.on(PublishLayerVersionCommand).resolves({ LayerVersionArn: `arn:aws:lambda:eu-west-1:${accountId}:layer:weblogs-access-log:1`, Version: 1 });
  mocked.firehose.on(DescribeDeliveryStreamCommand).rejectsOnce(awsError('ResourceNotFoundException')).resolves({ DeliveryStreamDescription: { DeliveryStreamStatus: 'ACTIVE' } as DeliveryStreamDescription });
}

async function printed(run: () => Promise<number>): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => lines.push(args.join(' '));
  try {
    return { code: await run(), output: lines.join('\n') };
  } finally {
    console.log = log;
  }
}

test.serial('plan --target aws and deploy --target aws show and create the same function and layer the local endpoint runs: name, runtime, handler, code hashes', async (t) => {
  const file = projectFile();
  const config = loadPipelineConfig(file);
  // The local endpoint first, with real clients: what `make up` deploys.
  const edge = await createEdgeServer({ port: 0, stateDir: mkdtempSync(join(tmpdir(), 'hosepipe-plan-aws-state-')) });
  t.teardown(() => edge.close());
  const local = localTarget(edge.url, config.region);
  await provision(local, config, customTransformArtifact(customTransformOf(config)!));
  const localFunction = (await local.clients.lambda.send(new GetFunctionCommand({ FunctionName: 'weblogs-transform' }))).Configuration!;
  const localLayer = await local.clients.lambda.send(new GetLayerVersionCommand({ LayerName: 'weblogs-access-log', VersionNumber: 1 }));
  await edge.close();

  const { mocked, restore } = emptyAwsAccount();
  t.teardown(restore);
  const planned = await printed(() => plan({ target: 'aws', config: file, region: 'eu-west-1' }));
  t.is(planned.code, 2, planned.output);
  t.true(planned.output.startsWith(`Plan for AWS account ${accountId}, eu-west-1:`), planned.output);
  t.true(planned.output.includes(`+ layer weblogs-access-log\n    version 1, CodeSha256 ${localLayer.Content?.CodeSha256}`), planned.output);
  t.true(planned.output.includes([
    '+ function weblogs-transform',
    `    ${localFunction.Runtime} x86_64, handler ${localFunction.Handler}, 256 MB, 60 s`,
    `    code CodeSha256 ${localFunction.CodeSha256} (${localFunction.CodeSize} bytes)`,
    '    layers weblogs-access-log:(new)',
  ].join('\n')), planned.output);
  t.is(mocked.lambda.commandCalls(PublishLayerVersionCommand).length + mocked.lambda.commandCalls(CreateFunctionCommand).length, 0, 'plan writes nothing');

  emptyAccountAnswers(mocked);

  const deployed = await printed(() => deploy({ target: 'aws', config: file, region: 'eu-west-1', yes: true }));
  t.is(deployed.code, 0, deployed.output);
  const layer = mocked.lambda.commandCalls(PublishLayerVersionCommand)[0]!.args[0].input;
  t.is(createHash('sha256').update(layer.Content!.ZipFile!).digest('base64'), localLayer.Content!.CodeSha256!, 'the same layer bytes');
  t.like(layer, { LayerName: 'weblogs-access-log', Description: 'hosepipe:pipeline=weblogs', CompatibleRuntimes: ['python3.12'], CompatibleArchitectures: ['x86_64'] });
  const fn = mocked.lambda.commandCalls(CreateFunctionCommand)[0]!.args[0].input;
  t.is(createHash('sha256').update(fn.Code!.ZipFile!).digest('base64'), localFunction.CodeSha256!, 'the same function bytes');
  t.like(fn, {
    FunctionName: localFunction.FunctionName, Runtime: localFunction.Runtime, Handler: localFunction.Handler,
    Role: `arn:aws:iam::${accountId}:role/weblogs-transform`,
    Layers: [`arn:aws:lambda:eu-west-1:${accountId}:layer:weblogs-access-log:1`],
    Environment: { Variables: { OUTPUT_BUCKET: `weblogs-${accountId}-eu-west-1` } },
  });
  t.is(localFunction.Environment?.Variables?.OUTPUT_BUCKET, 'weblogs-000000000000-us-east-1');
  const rolePolicy = mocked.iam.commandCalls(PutRolePolicyCommand).find((call) => call.args[0].input.RoleName === 'weblogs-transform')!.args[0].input;
  t.deepEqual(JSON.parse(rolePolicy.PolicyDocument!).Statement[1], { Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::weblogs-${accountId}-eu-west-1/team/parsed/*` });
});
