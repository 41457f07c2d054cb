import test from 'ava';
import { logStreamName, logTail, reportLine } from '../../../../emulator-shims/lambda/runtime/report-lines.js';

test('reportLine rounds billed duration up to the millisecond and adds Init Duration on a cold start', (t) => {
  t.is(
    reportLine({ requestId: 'r1', durationMs: 12.341, memorySizeMb: 128, maxMemoryUsedMb: 40, initDurationMs: 80.5 }),
    'REPORT RequestId: r1\tDuration: 12.34 ms\tBilled Duration: 93 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 80.50 ms\t\n',
  );
  t.is(reportLine({ requestId: 'r2', durationMs: 0.2, memorySizeMb: 256, maxMemoryUsedMb: 41 }), 'REPORT RequestId: r2\tDuration: 0.20 ms\tBilled Duration: 1 ms\tMemory Size: 256 MB\tMax Memory Used: 41 MB\t\n');
});

test('logTail keeps the last 4 KB of the log, base64-encoded', (t) => {
  const text = `${'a'.repeat(5000)}END`;
  const tail = Buffer.from(logTail(text), 'base64').toString('utf8');
  t.is(tail.length, 4096);
  t.true(tail.endsWith('END'));
});

test('logStreamName follows the YYYY/MM/DD/[$LATEST]id shape', (t) => {
  t.is(logStreamName(Date.UTC(2024, 0, 2), 'f'.repeat(32)), `2024/01/02/[$LATEST]${'f'.repeat(32)}`);
});
