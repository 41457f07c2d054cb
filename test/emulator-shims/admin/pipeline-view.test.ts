import test from 'ava';
import { accessLine, postJson, startViewPipeline } from './helpers.js';

test('the pipeline list names every delivery stream with its account and region', async (t) => {
  const pipeline = await startViewPipeline(t);
  const answer = (await (await fetch(`${pipeline.edge.url}/_hosepipe/pipelines`)).json()) as { pipelines: unknown[] };
  t.deepEqual(answer.pipelines, [{ accountId: '000000000000', region: pipeline.config.region, name: pipeline.desired.deliveryStream.name, status: 'ACTIVE' }]);
});

test('a snapshot names the stream, delivery stream, function and bucket as the delivery stream defines them', async (t) => {
  const pipeline = await startViewPipeline(t);
  const snapshot = await pipeline.snapshot();
  t.deepEqual(snapshot.names, {
    deliveryStream: pipeline.desired.deliveryStream.name,
    stream: pipeline.desired.stream.name,
    function: pipeline.desired.transform.name,
    bucket: pipeline.desired.bucket.name,
    backupBucket: pipeline.desired.bucket.name,
    prefixes: {
      success: pipeline.config.firehose.prefix,
      error: pipeline.config.firehose.errorOutputPrefix,
      backup: pipeline.config.firehose.backupPrefix,
    },
  });
  t.is(snapshot.function.logGroup, `/aws/lambda/${pipeline.desired.transform.name}`);
  t.false(snapshot.agent.registered);
  t.false(snapshot.nginx.registered);
});

test('after records and a flush from the view\'s route, counts, objects and the newest object opened appear', async (t) => {
  const pipeline = await startViewPipeline(t);
  await pipeline.putLines([accessLine('/view-one'), accessLine('/view-two'), 'this line is not an access log line']);
  const flushed = await postJson(`${pipeline.edge.url}${pipeline.path}/flush`, {});
  t.is(flushed.status, 200, JSON.stringify(flushed.body));
  t.is(flushed.body.recordsDelivered, 2);
  t.is(flushed.body.recordsFailed, 1);

  const snapshot = await pipeline.snapshot();
  t.is(snapshot.stream.records.total, 3);
  t.is(snapshot.firehose.delivered.total, 2);
  t.is(snapshot.function.invocations.total, 1);
  t.is(snapshot.function.failedRecords, 1);
  t.deepEqual(snapshot.bucket.objects, { success: 1, error: 1, backup: 1 });

  const success = snapshot.objects.find((objects) => objects.kind === 'success');
  t.is(success?.recent.length, 1);
  t.regex(success?.recent[0]?.partition ?? '', /^year=\d{4}\/month=\d\d\/day=\d\d\/hour=\d\d$/);
  t.is(success?.newest?.key, success?.recent[0]?.key);
  const records = (success?.newest?.records ?? []).map((record) => JSON.parse(record.text) as { uri: string });
  t.deepEqual(records.map((record) => record.uri), ['/view-one', '/view-two']);

  const errors = snapshot.objects.find((objects) => objects.kind === 'error');
  t.is(errors?.newest?.records[0]?.rawData, 'this line is not an access log line\n');
  t.regex(errors?.newest?.partition ?? '', /^processing-failed\//);

  const backup = snapshot.objects.find((objects) => objects.kind === 'backup');
  t.is(backup?.newest?.records.length, 3);

  // The function's log lines come from the endpoint's CloudWatch Logs.
  t.true(snapshot.function.logs.some((line) => line.message.startsWith('START RequestId:')), JSON.stringify(snapshot.function.logs));
  t.true(snapshot.function.logs.some((line) => line.message.startsWith('REPORT RequestId:')));
});

test('an object is opened on request only when its key lies under one of the pipeline\'s prefixes', async (t) => {
  const pipeline = await startViewPipeline(t);
  await pipeline.putLines([accessLine('/open-me')]);
  await postJson(`${pipeline.edge.url}${pipeline.path}/flush`, {});
  const key = (await pipeline.snapshot()).objects.find((objects) => objects.kind === 'success')?.recent[0]?.key ?? '';
  const opened = await fetch(`${pipeline.edge.url}${pipeline.path}/object?kind=success&key=${encodeURIComponent(key)}`);
  t.is(opened.status, 200);
  t.is(((await opened.json()) as { key: string }).key, key);
  const outside = await fetch(`${pipeline.edge.url}${pipeline.path}/object?kind=success&key=${encodeURIComponent('elsewhere/secret.txt')}`);
  t.is(outside.status, 404);
});

test('a fault rule on PutRecords shows as throttles in the stream stage and in the error counts', async (t) => {
  const pipeline = await startViewPipeline(t);
  const added = await postJson(`${pipeline.edge.url}/_hosepipe/faults`, { service: 'kinesis', operation: 'PutRecords', error: 'ProvisionedThroughputExceededException', count: 2 });
  t.is(added.status, 201);
  for (let attempt = 0; attempt < 3; attempt++) await pipeline.putLines([accessLine('/throttled')]).catch(() => undefined);
  const snapshot = await pipeline.snapshot();
  t.true(snapshot.stream.throttles >= 2, JSON.stringify(snapshot.errors));
  t.true(snapshot.errors.byCode.some((row) => row.service === 'kinesis' && row.operation === 'PutRecords' && row.code === 'ProvisionedThroughputExceededException'));
  t.is(snapshot.faults[0]?.hits, 2);
});

test('rates appear from the second snapshot on', async (t) => {
  const pipeline = await startViewPipeline(t);
  const first = await pipeline.snapshot();
  t.is(first.firehose.delivered.perSecond, null);
  await new Promise((resolve) => setTimeout(resolve, 950));
  const second = await pipeline.snapshot();
  t.is(second.firehose.delivered.perSecond, 0);
});

test('a registered source brings the agent\'s status and nginx\'s access log into the snapshot', async (t) => {
  const pipeline = await startViewPipeline(t);
  const { createServer } = await import('node:http');
  const agent = createServer((_request, response) => response.end(JSON.stringify({ linesRead: 7, recordsSent: 6, bytesSent: 600, bytesBehind: 12, recordsQueued: 1, throttles: 3, retries: 2, failedRecords: 3 })));
  await new Promise<void>((resolve) => agent.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => agent.close(() => resolve())));
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  mkdirSync(join(pipeline.stateDir, 'nginx', 'logs'), { recursive: true });
  const accessLog = join(pipeline.stateDir, 'nginx', 'logs', 'access.log');
  writeFileSync(accessLog, `${accessLine('/a')}\n${accessLine('/b')}\n`);
  const port = (agent.address() as { port: number }).port;
  const registered = await postJson(`${pipeline.edge.url}/_hosepipe/sources`, {
    stream: pipeline.desired.stream.name, agentStatusUrl: `http://127.0.0.1:${port}/status`, nginxUrl: 'http://127.0.0.1:8080', accessLog,
  });
  t.is(registered.status, 201, JSON.stringify(registered.body));
  const snapshot = await pipeline.snapshot();
  t.is(snapshot.nginx.lines?.total, 2);
  t.is(snapshot.nginx.url, 'http://127.0.0.1:8080/');
  t.is(snapshot.agent.records?.total, 6);
  t.is(snapshot.agent.bytesBehind, 12);
  t.is(snapshot.agent.throttles, 3);
  t.is(snapshot.agent.problem, null);
});

test('the page, its script and its style are served with a policy that allows only this endpoint', async (t) => {
  const pipeline = await startViewPipeline(t);
  const page = await fetch(`${pipeline.edge.url}/_hosepipe/`);
  t.is(page.status, 200);
  t.regex(page.headers.get('content-type') ?? '', /^text\/html/);
  t.regex(page.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'self'/);
  const html = await page.text();
  t.regex(html, /<script type="module" src="ui\/app\.js">/);
  const script = await fetch(`${pipeline.edge.url}/_hosepipe/ui/app.js`);
  t.regex(script.headers.get('content-type') ?? '', /^text\/javascript/);
  t.false(/https?:\/\/(?!127\.0\.0\.1)[a-z]/.test(await script.text()), 'the script fetches nothing from elsewhere');
  const style = await fetch(`${pipeline.edge.url}/_hosepipe/ui/app.css`);
  t.regex(await style.text(), /prefers-color-scheme:dark/);
});
