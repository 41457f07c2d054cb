import test from 'ava';
import { AgentConfigError, resolveAgentOptions } from '../../agent/index.js';

const base = { files: '/l/access.log', stream: 'access', region: 'us-east-1', checkpointFile: '/state/cp.json' };

test('defaults follow the Kinesis limits and the documented values', (t) => {
  t.like(resolveAgentOptions(base), {
    initialPosition: 'END_OF_FILE',
    maxBufferAgeMs: 1000,
    maxBufferSizeRecords: 500,
    maxBufferSizeBytes: 5 * 1024 * 1024,
    maxBatchesInFlight: 1,
    partitionKey: 'RANDOM',
    pollIntervalMs: 250,
    oversize: 'split',
    statusPort: undefined,
    statusHost: '127.0.0.1',
  });
});

const rejects = test.macro((t, field: string, value: unknown, message: RegExp) => {
  const error = t.throws(() => resolveAgentOptions({ ...base, [field]: value }), { instanceOf: AgentConfigError });
  t.is(error?.field, field);
  t.regex(error?.message ?? '', message);
});

test('a record count over the PutRecords limit is rejected', rejects, 'maxBufferSizeRecords', 501, /integer from 1 to 500 \(got 501\)/);
test('more than 16 batches in flight is rejected', rejects, 'maxBatchesInFlight', 17, /integer from 1 to 16 \(got 17\)/);
test('an unknown initial position is rejected', rejects, 'initialPosition', 'BEGINNING', /one of START_OF_FILE, END_OF_FILE/);
test('a stream name with spaces is rejected', rejects, 'stream', 'my stream', /Kinesis stream name/);
test('an endpoint that is not a URL is rejected', rejects, 'endpoint', 'localhost:4567', /http\(s\) URL/);
test('a misspelt option is rejected instead of silently defaulted', rejects, 'maxBufferAge', 10, /unknown option/);
test('a missing files pattern is rejected', rejects, 'files', undefined, /non-empty string \(got nothing\)/);
test('a status host that is not an IP address is rejected', rejects, 'statusHost', 'endpoint', /IP address/);
