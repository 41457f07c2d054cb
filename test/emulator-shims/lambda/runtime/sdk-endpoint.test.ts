import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { zipSync } from 'fflate';
import { PACKAGE_ROOT } from '../../../../cli/paths.js';
import { clientConfig, startEdgeWithRoles } from '../../edge/helpers.js';
import { decodePayload, ROLE, uniqueName, zipOf } from '../helpers.js';
import { DEBIAN_PYTHON, debianBoto3, newerBotoPython } from '../../../fixtures/python.js';

const newer = newerBotoPython();

// Written like the original team's functions: boto3's resource API, no endpoint in the code.
const PUT_OBJECT = `import boto3
import botocore


def handler(event, context):
    boto3.resource("s3").Object(event["bucket"], event["key"]).put(Body=event["body"].encode("utf-8"))
    listed = boto3.client("s3").list_objects_v2(Bucket=event["bucket"])
    return {"botocore": botocore.__version__, "keys": [item["Key"] for item in listed.get("Contents", [])]}
`;

async function edgeWithBucket(t: ExecutionContext, options: { lambdaPython?: string } = {}) {
  const edge = await startEdgeWithRoles(t, options);
  const s3 = new S3Client(clientConfig(edge, { forcePathStyle: true }));
  const bucket = uniqueName('sdk').toLowerCase();
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return { edge, s3, bucket, lambda: new LambdaClient(clientConfig(edge)) };
}

async function readObject(s3: S3Client, bucket: string, key: string): Promise<string> {
  return (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
}

const pythonCases: Array<{ title: string; python?: string; available: boolean; version: RegExp }> = [
  { title: 'Debian\'s python3 with its boto3 1.26 (botocore 1.29, which predates AWS_ENDPOINT_URL)', python: DEBIAN_PYTHON, available: debianBoto3, version: /^1\.29\./ },
  { title: 'a python3 on PATH with a newer boto3 that reads AWS_ENDPOINT_URL', python: newer?.python, available: newer !== undefined, version: /^1\.(3[1-9]|[4-9]\d|\d{3,})\./ },
];

for (const { title, python, available, version } of pythonCases) {
  const run = available ? test : test.skip;
  run(`a Python function's boto3 resource writes to the local bucket under ${title}`, async (t) => {
    const { s3, bucket, lambda } = await edgeWithBucket(t, python === undefined ? {} : { lambdaPython: python });
    const name = uniqueName('boto3');
    await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'python3.11', Role: ROLE, Handler: 'app.handler', Timeout: 30, Code: { ZipFile: zipOf({ 'app.py': PUT_OBJECT }) } }));
    const answer = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify({ bucket, key: 'from/python.txt', body: 'written by boto3' })) }));
    t.is(answer.FunctionError, undefined, Buffer.from(answer.Payload ?? []).toString());
    const body = decodePayload(answer.Payload) as { botocore: string; keys: string[] };
    t.regex(body.botocore, version);
    t.deepEqual(body.keys, ['from/python.txt']);
    t.is(await readObject(s3, bucket, 'from/python.txt'), 'written by boto3');
  });
}

test('a Python function importing boto3 where the machine\'s python has none fails with Runtime.ImportModuleError and a log line naming the package', async (t) => {
  // A python3 that starts without its site packages: no boto3 anywhere.
  const bin = mkdtempSync(join(tmpdir(), 'hosepipe-python-'));
  const wrapper = join(bin, 'python3');
  writeFileSync(wrapper, `#!/bin/sh\nexec ${existsSync(DEBIAN_PYTHON) ? DEBIAN_PYTHON : 'python3'} -S "$@"\n`);
  chmodSync(wrapper, 0o755);
  const { edge, lambda } = await edgeWithBucket(t, { lambdaPython: wrapper });
  const name = uniqueName('noboto');
  await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'python3.12', Role: ROLE, Handler: 'app.handler', Code: { ZipFile: zipOf({ 'app.py': PUT_OBJECT }) } }));
  const answer = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}'), LogType: 'Tail' }));
  t.is(answer.FunctionError, 'Unhandled');
  t.like(decodePayload(answer.Payload), { errorType: 'Runtime.ImportModuleError', errorMessage: "Unable to import module 'app': No module named 'boto3'" });
  const log = Buffer.from(answer.LogResult ?? '', 'base64').toString('utf8');
  t.regex(log, /hosepipe: the function imports boto3, which Lambda's Python runtime provides, but this machine's python .* does not have it: install it \(Debian: apt-get install python3-boto3; or pip install boto3\)/);
  void edge;
});

test('a Node.js function imports and requires @aws-sdk/client-s3 without bundling it, as in Lambda\'s Node.js runtimes', async (t) => {
  const { s3, bucket, lambda } = await edgeWithBucket(t);
  const esm = uniqueName('v3esm');
  await lambda.send(new CreateFunctionCommand({
    FunctionName: esm, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Timeout: 30,
    Code: {
      ZipFile: zipOf({
        'index.mjs': `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({ forcePathStyle: true });
export const handler = async (event) => {
  await s3.send(new PutObjectCommand({ Bucket: event.bucket, Key: 'from/node-esm.txt', Body: 'esm' }));
  return 'ok';
};`,
      }),
    },
  }));
  const cjs = uniqueName('v3cjs');
  await lambda.send(new CreateFunctionCommand({
    FunctionName: cjs, Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Timeout: 30,
    Code: {
      ZipFile: zipOf({
        'index.js': `const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
exports.handler = async (event) => {
  await new S3Client({ forcePathStyle: true }).send(new PutObjectCommand({ Bucket: event.bucket, Key: 'from/node-cjs.txt', Body: 'cjs' }));
  return 'ok';
};`,
      }),
    },
  }));
  for (const name of [esm, cjs]) {
    const answer = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify({ bucket })) }));
    t.is(answer.FunctionError, undefined, Buffer.from(answer.Payload ?? []).toString());
  }
  t.is(await readObject(s3, bucket, 'from/node-esm.txt'), 'esm');
  t.is(await readObject(s3, bucket, 'from/node-cjs.txt'), 'cjs');
});

test('a Node.js function cannot import a package only the folders above its code have, as on Lambda', async (t) => {
  const { lambda } = await edgeWithBucket(t);
  const name = uniqueName('noleak');
  await lambda.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler',
    // zod is one of hosepipe's own dependencies: Lambda's runtime does not have it.
    Code: { ZipFile: zipOf({ 'index.mjs': `export const handler = async () => { try { await import('zod'); return 'found'; } catch (error) { return error.code; } };` }) },
  }));
  t.is(decodePayload((await lambda.send(new InvokeCommand({ FunctionName: name }))).Payload), 'ERR_MODULE_NOT_FOUND');
});

test('a Node.js function with the AWS SDK v2 (aws-sdk) in its zip reaches the local endpoint', async (t) => {
  const { s3, bucket, lambda } = await edgeWithBucket(t);
  const name = uniqueName('v2');
  const files: Record<string, Uint8Array> = {
    'index.js': Buffer.from(`const S3 = require('aws-sdk/clients/s3');
exports.handler = async (event) => {
  await new S3().putObject({ Bucket: event.bucket, Key: 'from/sdk-v2.txt', Body: 'v2' }).promise();
  return require('aws-sdk/package.json').version;
};`),
    ...packageFiles('aws-sdk', (path) => /^(package\.json|global\.js|lib\/|vendor\/|node_modules\/|clients\/[a-z0-9]+\.js$|apis\/(metadata\.json|(s3|sts|sso|sso-oidc|cognito-identity|dynamodb|streams\.dynamodb|polly)-\d))/.test(path)),
    ...packageFiles('jmespath'), ...packageFiles('xml2js'), ...packageFiles('sax'), ...packageFiles('xmlbuilder'),
  };
  await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Timeout: 30, Code: { ZipFile: zipSync(files) } }));
  const answer = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify({ bucket })) }));
  t.is(answer.FunctionError, undefined, Buffer.from(answer.Payload ?? []).toString());
  t.regex(String(decodePayload(answer.Payload)), /^2\./);
  t.is(await readObject(s3, bucket, 'from/sdk-v2.txt'), 'v2');
});

/** The files of an installed package as zip entries under node_modules/<name>/, those `keep` accepts. */
function packageFiles(name: string, keep: (path: string) => boolean = () => true): Record<string, Uint8Array> {
  const root = join(PACKAGE_ROOT, 'node_modules', name);
  const out: Record<string, Uint8Array> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      const inside = relative(root, path);
      if (statSync(path).isDirectory()) walk(path);
      else if (keep(inside)) out[`node_modules/${name}/${inside}`] = readFileSync(path);
    }
  };
  walk(root);
  return out;
}
