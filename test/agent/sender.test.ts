import test, { type ExecutionContext } from 'ava';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startAgent } from '../../agent/index.js';
import { createStream, duplicates, numberedLines, readAllLines, startKinesis, tempDir, uniqueName } from './helpers.js';
import { startThrottlingProxy, type ProxyRules } from './throttling-proxy.js';

async function runThrough(t: ExecutionContext, rules: ProxyRules, lines: string[]) {
  const kinesis = await startKinesis(t);
  const proxy = await startThrottlingProxy(t, kinesis.endpoint, rules);
  const stream = uniqueName('throttled');
  await createStream(kinesis.client, stream, 2);
  const dir = await tempDir(t);
  await writeFile(join(dir, 'access.log'), lines.join(''));
  const agent = await startAgent({
    files: join(dir, 'access.log'),
    stream,
    endpoint: proxy.endpoint,
    region: 'us-east-1',
    checkpointFile: join(dir, 'checkpoint.json'),
    initialPosition: 'START_OF_FILE',
    maxBufferAgeMs: 20,
    retryInitialBackoffMs: 5,
    retryMaxBackoffMs: 20,
  });
  t.teardown(() => agent.stop());
  await agent.flush();
  return { proxy, agent, sent: await readAllLines(kinesis.client, stream) };
}

test('entries a PutRecords answer marks throttled are retried alone until accepted', async (t) => {
  const lines = numberedLines('t', 1, 90);
  const throttledLines = new Set(lines.filter((_, index) => index % 3 === 0));
  // Throttle each chosen line on its first two attempts.
  const { proxy, agent, sent } = await runThrough(t, { throttleEntry: (line, times) => throttledLines.has(line) && times <= 2 }, lines);
  t.deepEqual([...sent].sort(), [...lines].sort());
  t.deepEqual(duplicates(sent), new Map());
  for (const line of lines) t.is(proxy.seen.get(line), throttledLines.has(line) ? 3 : 1, `attempts for ${JSON.stringify(line)}`);
  const stats = agent.stats();
  t.is(stats.failedRecords, 60);
  t.is(stats.throttles, 60);
  t.is(stats.recordsSent, 90);
  t.true(stats.retries >= 2);
});

test('whole-call throttling, 5xx answers and dropped connections are retried without losing records', async (t) => {
  const lines = numberedLines('c', 1, 40);
  const failures = [
    { status: 400, type: 'ProvisionedThroughputExceededException' },
    { status: 500, type: 'InternalFailure' },
    'reset' as const,
    { status: 503, type: 'ServiceUnavailable' },
  ];
  const { proxy, agent, sent } = await runThrough(t, { failCall: (call) => failures[call - 1] }, lines);
  t.deepEqual([...sent].sort(), [...lines].sort());
  t.deepEqual(duplicates(sent), new Map());
  t.true(proxy.calls >= 5);
  t.is(agent.stats().retries, 4);
  t.is(agent.stats().throttles, 1);
});
