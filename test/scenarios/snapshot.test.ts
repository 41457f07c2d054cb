import test from 'ava';
import { diffSnapshots, normaliseText, snapshotBucket } from '../../scenarios/snapshot.js';

test('normaliseText replaces times, uuids, ports, random hex and the run name', (t) => {
  const text = 'sc-ab12cd-to-s3-1-2026-11-25-18-07-25-0f8fad5b-d9cb-469f-a165-70867728950e [25/Nov/2026:18:07:25 +0000] 127.0.0.1:41234 1764094045123 part 00aa11bb22cc33dd';
  t.is(normaliseText(text, 'sc-ab12cd'), '<name>-to-s3-1-<yyyy-MM-dd-HH-mm-ss>-<uuid> [<time_local>] 127.0.0.1:<port> <epoch-ms> part <hex>');
});

test('snapshotBucket sorts records and decodes error raw data; diffSnapshots shows only what changed', (t) => {
  const error = (raw: string) => Buffer.from(`${JSON.stringify({ errorCode: 'Lambda.ProcessingFailedStatus', attemptsMade: 1, rawData: Buffer.from(raw).toString('base64') })}\n`);
  const objects = (status: number) => ({
    success: [{ key: 'p/year=2026/month=11/day=25/hour=18/x-2026-11-25-18-07-25-0f8fad5b-d9cb-469f-a165-70867728950e', body: Buffer.from(`{"b":2}\n{"status":${status}}\n`) }],
    error: [{ key: 'e/processing-failed/2026/11/25/18/y', body: error('garbage\n') }],
    backup: [],
  });
  const recorded = snapshotBucket(objects(200), 'x');
  t.deepEqual(recorded.records, ['{"b":2}', '{"status":200}']);
  t.deepEqual(recorded.folders.success, ['p/year=<yyyy>/month=<MM>/day=<dd>/hour=<HH>/']);
  t.deepEqual(recorded.errors, ['{"errorCode":"Lambda.ProcessingFailedStatus","attemptsMade":1,"raw":"garbage\\n"}']);
  t.is(diffSnapshots(recorded, snapshotBucket(objects(200), 'x')), '');
  t.is(diffSnapshots(recorded, snapshotBucket(objects(500), 'x')), 'records:\n  - {"status":200}\n  + {"status":500}');
});
