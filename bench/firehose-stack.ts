/** An in-process local endpoint and the SDK clients the Firehose and Invoke benchmarks drive it with. */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, InvokeCommand, LambdaClient, type Environment } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { strToU8, zipSync } from 'fflate';
import { createEdgeServer, LOCAL_CREDENTIALS, type EdgeServer } from '../emulator-shims/index.js';
import { buildTransformZip, TRANSFORM_HANDLER, TRANSFORM_RUNTIME } from '../lambda/index.js';
import { cpuSeconds as processCpuSeconds, processTree, roleOf } from './pipeline-proc.js';

export { inParallel } from './firehose-records.js';

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/hosepipe-bench`;

// The bench role, written as a pipeline's role is: Firehose and Lambda may assume it, and it may read the
// bench's streams, write its buckets, invoke its functions and log, each on named ARN patterns.
const ROLE_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['firehose.amazonaws.com', 'lambda.amazonaws.com'] }, Action: 'sts:AssumeRole' }] };
const ROLE_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:ListShards'], Resource: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/source-*` },
    { Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], Resource: 'arn:aws:s3:::bench-*' },
    { Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'], Resource: 'arn:aws:s3:::bench-*/*' },
    { Effect: 'Allow', Action: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'], Resource: [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:identity-*`, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:transform-*`] },
    { Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/*` },
  ],
};

/** Returns every record it is given, unchanged. */
const IDENTITY_SOURCE = `export const handler = async (event) => ({
  records: event.records.map((record) => ({ recordId: record.recordId, result: 'Ok', data: record.data })),
});
`;

export interface BenchStack extends AsyncDisposable {
  edge: EdgeServer;
  stateDir: string;
  s3: S3Client;
  kinesis: KinesisClient;
  lambda: LambdaClient;
  firehose: FirehoseClient;
}

export const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

/**
 * Starts the edge on a free loopback port over a temporary state folder, with the bench role; disposing
 * stops it and removes the folder. `iam` is whether IAM is enforced (default: the endpoint's default, on).
 */
export async function startStack(options: { iam?: boolean } = {}): Promise<BenchStack> {
  const stateDir = await mkdtemp(path.join(tmpdir(), 'hosepipe-bench-'));
  // The Kinesis source is polled every 200 ms, so reading keeps up with the puts instead of waiting for flush.
  const edge = await createEdgeServer({ port: 0, stateDir, firehose: { createDelayMs: 10, pollIntervalMs: 200 }, ...(options.iam === undefined ? {} : { iam: { enforce: options.iam } }) });
  const common = { endpoint: edge.url, region: REGION, credentials: LOCAL_CREDENTIALS, requestHandler: new NodeHttpHandler({ requestTimeout: 120_000 }), maxAttempts: 1 };
  const iam = new IAMClient(common);
  await iam.send(new CreateRoleCommand({ RoleName: 'hosepipe-bench', AssumeRolePolicyDocument: JSON.stringify(ROLE_TRUST) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'hosepipe-bench', PolicyName: 'pipeline', PolicyDocument: JSON.stringify(ROLE_POLICY) }));
  iam.destroy();
  const s3 = new S3Client({ ...common, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  const kinesis = new KinesisClient(common);
  const lambda = new LambdaClient(common);
  const firehose = new FirehoseClient(common);
  return {
    edge, stateDir, s3, kinesis, lambda, firehose,
    async [Symbol.asyncDispose]() {
      for (const client of [s3, kinesis, lambda, firehose]) client.destroy();
      await edge.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

export async function createBucket(stack: BenchStack): Promise<string> {
  const bucket = uniqueName('bench');
  await stack.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

export async function createIdentityFunction(stack: BenchStack): Promise<string> {
  const answer = await stack.lambda.send(new CreateFunctionCommand({
    FunctionName: uniqueName('identity'), Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Timeout: 60, MemorySize: 256,
    Code: { ZipFile: zipSync({ 'index.mjs': strToU8(IDENTITY_SOURCE) }) },
  }));
  return answer.FunctionArn as string;
}

/** The real transform, bundled by `buildTransformZip` into the state folder, with the default pipeline's settings. */
export async function createTransformFunction(stack: BenchStack, environment: Environment = { Variables: { HOSEPIPE_TIME_ZONE: 'Asia/Seoul' } }): Promise<string> {
  const zip = await buildTransformZip({ outDir: path.join(stack.stateDir, 'build') });
  const answer = await stack.lambda.send(new CreateFunctionCommand({
    FunctionName: uniqueName('transform'), Runtime: TRANSFORM_RUNTIME, Role: ROLE, Handler: TRANSFORM_HANDLER, Timeout: 60, MemorySize: 256,
    Environment: environment, Code: { ZipFile: await readFile(zip.zipPath) },
  }));
  return answer.FunctionArn as string;
}

export async function createKinesisStream(stack: BenchStack, shards: number): Promise<string> {
  const name = uniqueName('source');
  await stack.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  await waitFor(`Kinesis stream ${name} ACTIVE`, async () => {
    const summary = await stack.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    return summary.StreamDescriptionSummary?.StreamStatus === 'ACTIVE';
  });
  return name;
}

export async function waitForDeliveryStream(stack: BenchStack, name: string): Promise<void> {
  await waitFor(`delivery stream ${name} ACTIVE`, async () => {
    const described = await stack.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }));
    return described.DeliveryStreamDescription?.DeliveryStreamStatus === 'ACTIVE';
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Key → size of every object under a prefix. */
async function listSizes(stack: BenchStack, bucket: string, prefix: string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  let token: string | undefined;
  do {
    const page = await stack.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
    for (const item of page.Contents ?? []) sizes.set(item.Key!, item.Size ?? 0);
    token = page.NextContinuationToken;
  } while (token);
  return sizes;
}

/**
 * Waits until no object under the prefix changes size between two listings, so the count is taken
 * once delivery has stopped.
 */
async function waitForSettledObjects(stack: BenchStack, bucket: string, prefix: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  let before = await listSizes(stack, bucket, prefix);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = await listSizes(stack, bucket, prefix);
    if (after.size === before.size && [...after].every(([key, size]) => before.get(key) === size)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${limitMs} ms waiting for the objects under s3://${bucket}/${prefix} to stop growing`);
    before = after;
  }
}

/** Objects under a prefix and the newline-terminated records they hold, once their files are complete. */
export async function countRecords(stack: BenchStack, bucket: string, prefix = ''): Promise<{ objects: number; records: number; bytes: number }> {
  await waitForSettledObjects(stack, bucket, prefix);
  let token: string | undefined;
  const totals = { objects: 0, records: 0, bytes: 0 };
  do {
    const page = await stack.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
    for (const item of page.Contents ?? []) {
      const object = await stack.s3.send(new GetObjectCommand({ Bucket: bucket, Key: item.Key }));
      const body = await object.Body!.transformToByteArray();
      totals.objects += 1;
      totals.bytes += body.length;
      for (let at = body.indexOf(10); at !== -1; at = body.indexOf(10, at + 1)) totals.records += 1;
    }
    token = page.NextContinuationToken;
  } while (token);
  return totals;
}

/**
 * The Lambda instances running below this process, whose endpoints start them; with `functionName`, only that
 * function's (the name is in each instance's environment: two endpoints in this process both run instances).
 */
export function lambdaInstances(functionName?: string): number[] {
  return processTree(process.pid).slice(1).filter((pid) => roleOf(pid, process.pid) === 'Lambda' && (functionName === undefined || functionOf(pid) === functionName));
}

const functionOf = (pid: number): string | undefined => {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').find((entry) => entry.startsWith('AWS_LAMBDA_FUNCTION_NAME='))?.slice('AWS_LAMBDA_FUNCTION_NAME='.length);
  } catch {
    return undefined;
  }
};

/**
 * Invokes the function `count` times at once, with an event of no records, until `count` of its instances
 * are running: a pipeline that has run a while has as many warm instances as Firehose invokes at once.
 * Without it, whether the untimed warm-up happened to overlap two invocations decided whether a second
 * instance's start-up fell inside the timed run, a few tenths of a second of CPU on either side.
 */
export async function warmInstances(stack: BenchStack, functionArn: string, count: number, deliveryStreamArn: string): Promise<void> {
  const event = new TextEncoder().encode(JSON.stringify({ invocationId: 'bench-warm', deliveryStreamArn, region: REGION, records: [] }));
  const functionName = functionArn.slice(functionArn.lastIndexOf(':') + 1);
  for (let attempt = 0; lambdaInstances(functionName).length < count; attempt++) {
    if (attempt === 20) throw new Error(`${functionArn} still has ${lambdaInstances(functionName).length} instances after ${attempt} rounds of ${count} invocations at once`);
    const answers = await Promise.all(Array.from({ length: count }, () => stack.lambda.send(new InvokeCommand({ FunctionName: functionArn, Payload: event }))));
    const failed = answers.find((answer) => answer.FunctionError !== undefined);
    if (failed) throw new Error(`warming ${functionArn}: ${failed.FunctionError}: ${new TextDecoder().decode(failed.Payload)}`);
  }
}

/**
 * CPU seconds used so far by this process (the endpoint and the bench's own calls) and by its child
 * processes but `exclude` (the Lambda instances), read from /proc; children are 0 where /proc is missing.
 */
export function cpuSeconds(exclude: readonly number[] = []): { endpoint: number; instances: number } {
  const own = process.cpuUsage();
  const children = processTree(process.pid).slice(1).filter((pid) => !exclude.includes(pid));
  return { endpoint: (own.user + own.system) / 1e6, instances: children.reduce((sum, pid) => sum + processCpuSeconds(pid), 0) };
}
