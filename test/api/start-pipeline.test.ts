import test from 'ava';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ConfigError, RecordParseError, startPipeline } from '../../api/index.js';

const suffix = () => Math.random().toString(36).slice(2, 8);

/** The pids of this process's children (Linux /proc): nginx, the agent, Lambda instances. */
function children(): number[] {
  return readdirSync(`/proc/${process.pid}/task`).flatMap((task) => readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
}

// Serial: each test starts a whole pipeline, and the last one counts this process's children.
test.serial('send, flush, records, objects and audit see every request nginx answered, through the built-in transform', async (t) => {
  await using pipeline = await startPipeline({ config: { name: `api-${suffix()}`, region: 'eu-west-1' } });
  t.regex(pipeline.endpointUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.regex(pipeline.nginxUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.not(new URL(pipeline.nginxUrl).port, '8080', 'an ephemeral port, not hosepipe.yaml\'s default');

  const answers = await pipeline.send(['/hello?n=1', { path: '/status/404', count: 2 }, { path: '/form', method: 'post', body: 'a=1' }]);
  t.deepEqual(answers.map(({ method, path, status }) => [method, path, status]), [['GET', '/hello?n=1', 200], ['GET', '/status/404', 404], ['GET', '/status/404', 404], ['POST', '/form', 200]]);
  t.is(answers[0]!.body, 'hello from hosepipe\n');

  await pipeline.flush();
  const records = await pipeline.records<{ uri: string; method: string; status: number }>();
  t.deepEqual(records.map(({ method, uri, status }) => `${method} ${uri} ${status}`).sort(), ['GET /hello?n=1 200', 'GET /status/404 404', 'GET /status/404 404', 'POST /form 200']);

  const backup = await pipeline.objects(pipeline.prefixes.backup!);
  t.true(backup.length > 0);
  t.true(backup.every(({ key }) => key.startsWith(pipeline.prefixes.backup!)));
  t.is(backup.map(({ body }) => body.toString()).join('').split('\n').filter((line) => line.includes('"GET /status/404 HTTP/1.1" 404')).length, 2);
  const all = await pipeline.objects();
  t.deepEqual(all.map(({ key }) => key), [...all.map(({ key }) => key)].sort());
  t.true(all.length >= backup.length + 1);
  // Raw access-log lines are not JSON: records() says which object and line.
  const error = await t.throwsAsync(pipeline.records(pipeline.prefixes.backup!), { instanceOf: RecordParseError });
  t.is(error?.key, backup[0]!.key);
  t.is(error?.line, 1);

  const audit = await pipeline.audit();
  t.true(audit.passed, audit.text);
  t.is(audit.report.written, 4);
  t.is(audit.report.delivered, 4);
  t.regex(audit.text, /audit: nothing missing/);
});

test.serial('the clients reach the pipeline\'s own resources in its region', async (t) => {
  await using pipeline = await startPipeline({ config: { name: `api-${suffix()}`, region: 'ap-northeast-2' } });
  const { clients, names } = pipeline;
  t.is(await clients.s3.config.region(), 'ap-northeast-2');
  const summary = await clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: names.stream }));
  t.is(summary.StreamDescriptionSummary?.StreamStatus, 'ACTIVE');
  t.regex(summary.StreamDescriptionSummary?.StreamARN ?? '', /^arn:aws:kinesis:ap-northeast-2:/);
  const delivery = await clients.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: names.deliveryStream }));
  t.is(delivery.DeliveryStreamDescription?.DeliveryStreamStatus, 'ACTIVE');
  const fn = await clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: names.functionName }));
  t.is(fn.FunctionName, names.functionName);
  const groups = await clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/lambda/${names.functionName}` }));
  t.is(groups.logGroups?.length, 1);
  // A PutObject with the SDK's defaults otherwise (checksums, aws-chunked) lands as written.
  await clients.s3.send(new PutObjectCommand({ Bucket: names.bucket, Key: 'team/put.json', Body: '{"a":1}\n{"a":2}\n' }));
  t.deepEqual(await pipeline.records('team/'), [{ a: 1 }, { a: 2 }]);
});

test.serial('a hosepipe.yaml path with GZIP compression: objects are stored gzipped and records() gunzips them; keepState keeps the folder', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-api-yaml-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'hosepipe.yaml'), `name: api-${suffix()}\nfirehose:\n  compression: GZIP\n`);
  const pipeline = await startPipeline({ config: join(dir, 'hosepipe.yaml'), keepState: true });
  t.teardown(() => rmSync(pipeline.stateDir, { recursive: true, force: true }));
  try {
    await pipeline.send({ path: '/zipped', count: 3 });
    await pipeline.flush();
    const objects = await pipeline.objects(pipeline.prefixes.success);
    t.true(objects.length > 0);
    for (const { key, body } of objects) {
      t.regex(key, /\.gz$/);
      t.deepEqual([...body.subarray(0, 2)], [0x1f, 0x8b]);
    }
    t.deepEqual((await pipeline.records<{ uri: string }>()).map(({ uri }) => uri), ['/zipped', '/zipped', '/zipped']);
    const audit = await pipeline.audit();
    t.true(audit.passed, audit.text);
  } finally {
    await pipeline.stop();
  }
  t.true(existsSync(join(pipeline.stateDir, 'nginx', 'logs', 'access.log')), 'the state folder is kept');
});

test.serial('a config that hosepipe.yaml would reject fails with ConfigError naming the field; a terraform option without a folder, aws without target aws, and terraform with target aws are refused', async (t) => {
  const error = await t.throwsAsync(startPipeline({ config: { name: 'Bad Name' } }), { instanceOf: ConfigError });
  t.regex(error?.message ?? '', /^startPipeline\(\{ config \}\): name: must be 3-32 lowercase letters/);
  await t.throwsAsync(startPipeline({ config: join(tmpdir(), `no-such-${suffix()}`, 'hosepipe.yaml') }), { instanceOf: ConfigError, message: /cannot read the file \(ENOENT\)/ });
  await t.throwsAsync(startPipeline({ config: { name: 'fine' }, aws: { region: 'eu-west-1' } }), { instanceOf: TypeError, message: /aws is only used with target: 'aws'/ });
  await t.throwsAsync(startPipeline({ target: 'aws', terraform: { dir: '.' } }), { instanceOf: TypeError, message: /with target aws, name the deployed delivery stream/ });
  await t.throwsAsync(startPipeline({ terraform: { dir: '' } }), { instanceOf: TypeError, message: /terraform needs a dir/ });
  await t.throwsAsync(startPipeline({ terraform: { dir: join(tmpdir(), `no-such-root-${suffix()}`) } }), { message: /the Terraform root .*no-such-root-\w+ is not a folder/ });
  // @ts-expect-error: a target that does not exist
  await t.throwsAsync(startPipeline({ target: 'local' }), { instanceOf: TypeError, message: /target must be embedded or aws \(got "local"\)/ });
});

test.serial('send rejects a path that does not start with / before sending anything', async (t) => {
  await using pipeline = await startPipeline({ config: { name: `api-${suffix()}` } });
  await t.throwsAsync(pipeline.send(['/first', 'http://example.com/']), { instanceOf: TypeError, message: /request 1 needs a path starting with \// });
  await t.throwsAsync(pipeline.send({ path: '//example.com/x', count: -1 }), { instanceOf: TypeError, message: /count must be a whole number/ });
  // `//example.com/x` is a path on nginx, not another host.
  t.deepEqual((await pipeline.send('//example.com/x')).map(({ status }) => status), [200]);
  await pipeline.flush();
  t.deepEqual((await pipeline.records<{ uri: string }>()).map(({ uri }) => uri), ['//example.com/x']);
});

test.serial('stop (and leaving an await using block) ends nginx, the agent and every Lambda instance, frees the ports and removes the state folder', async (t) => {
  const before = new Set(children());
  let stateDir = '';
  let nginxUrl = '';
  let endpointUrl = '';
  {
    await using pipeline = await startPipeline({ config: { name: `api-${suffix()}` } });
    ({ stateDir, nginxUrl, endpointUrl } = pipeline);
    await pipeline.send('/before-stop');
    await pipeline.flush();
    const started = children().filter((pid) => !before.has(pid));
    t.true(started.length >= 3, `nginx, the agent and a Lambda instance run as children (${started.length})`);
  }
  t.deepEqual(children().filter((pid) => !before.has(pid)), []);
  t.false(existsSync(stateDir));
  await t.throwsAsync(fetch(nginxUrl));
  await t.throwsAsync(fetch(`${endpointUrl}/_hosepipe/health`));
});
