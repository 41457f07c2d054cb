import test from 'ava';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startAgent } from '../../agent/index.js';
import { createEdgeServer } from '../../emulator-shims/index.js';
import type { Clock } from '../../emulator-shims/shared/index.js';
import { createStream, duplicates, numberedLines, readAllLines, uniqueName, waitFor } from './helpers.js';

// The endpoint's quota mode answers ProvisionedThroughputExceededException as Kinesis does (1,000
// records/s per shard); the agent must back off and retry only what was refused, until all is in.
test('a 2,500-line burst at a 1-shard stream in quota mode is throttled, and the agent still delivers every line once', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-agent-quota-'));
  // The quota buckets refill with the endpoint's clock, held still until the first throttle: a loaded machine
  // that sends the burst over more than 1.5 s would otherwise see it refilled in time and never throttled.
  const clock = heldClock();
  const edge = await createEdgeServer({ port: 0, stateDir: join(dir, 'state'), kinesisQuotas: true, clock });
  t.teardown(() => edge.close());
  const kinesis = new KinesisClient({ endpoint: edge.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() });
  const stream = uniqueName('quota');
  await createStream(kinesis, stream, 1);

  const file = join(dir, 'access.log');
  const lines = numberedLines('burst', 1, 2500);
  appendFileSync(file, lines.join(''));
  const agent = await startAgent({
    files: file, stream, endpoint: edge.url, region: 'us-east-1', checkpointFile: join(dir, 'checkpoints.json'),
    initialPosition: 'START_OF_FILE', maxBufferAgeMs: 50, retryInitialBackoffMs: 50, retryMaxBackoffMs: 1_000,
  });
  t.teardown(() => agent.stop());

  await waitFor('a throttled PutRecords', () => agent.stats().throttles > 0, 120_000);
  clock.release();
  await waitFor('the agent to have every line accepted', () => agent.stats().bytesBehind === 0 && agent.stats().recordsQueued === 0, 120_000);
  const stats = agent.stats();
  t.true(stats.throttles > 0, `expected throttling, got ${JSON.stringify({ throttles: stats.throttles, retries: stats.retries })}`);
  const received = await readAllLines(kinesis, stream);
  t.is(received.length, lines.length);
  t.deepEqual([...duplicates(received).keys()], []);
  t.deepEqual([...received].sort(), [...lines].sort());
});

/** A clock standing still at the time it was made until `release`, then running with real time from there. */
function heldClock(): Clock & { release(): void } {
  let held: number | undefined = Date.now();
  let behindMs = 0;
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());
  return {
    now: () => held ?? Date.now() - behindMs,
    set(epochMs) { if (held === undefined) behindMs = Date.now() - epochMs; else held = epochMs; changed(); },
    advance(ms) { if (held === undefined) behindMs -= ms; else held += ms; changed(); },
    onChange(listener) { listeners.add(listener); return () => listeners.delete(listener); },
    release() { if (held !== undefined) { behindMs = Date.now() - held; held = undefined; changed(); } },
  };
}
