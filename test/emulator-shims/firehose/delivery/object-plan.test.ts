import test from 'ava';
import { gunzipSync } from 'node:zlib';
import { BufferedItems } from '../../../../emulator-shims/firehose/delivery/buffered-items.js';
import { planObject } from '../../../../emulator-shims/firehose/delivery/object-plan.js';
import type { ObjectBuffer } from '../../../../emulator-shims/firehose/delivery/object-buffers.js';
import { resolveSettings } from '../../../../emulator-shims/firehose/delivery/settings.js';
import { Ticket } from '../../../../emulator-shims/firehose/delivery/ticket.js';
import type { StoredStream } from '../../../../emulator-shims/firehose/store.js';

const AT = Date.parse('2018-08-27T10:30:12Z');
const stream = (destination: StoredStream['destination']): StoredStream => ({
  name: 's', arn: 'arn:aws:firehose:us-east-1:000000000000:deliverystream/s', accountId: '000000000000', region: 'us-east-1', type: 'DirectPut',
  status: 'ACTIVE', versionId: 2, createTimestamp: AT, destination, tags: [], encryption: { Status: 'DISABLED' }, encryptionCalls: [],
});
const buffer = (kind: ObjectBuffer['kind'], extra: Partial<ObjectBuffer> = {}): ObjectBuffer => ({
  id: kind, kind, items: BufferedItems.of([{ data: Buffer.from('ab'), rawData: Buffer.from('ab'), arrivalMs: AT, ticket: new Ticket() }, { data: Buffer.from('c'), rawData: Buffer.from('c'), arrivalMs: AT + 5_000, ticket: new Ticket() }]),
  bytes: 3, openedAtMs: AT, oldestArrivalMs: AT, ...extra,
});
const base = { RoleARN: 'arn:aws:iam::000000000000:role/r', BucketARN: 'arn:aws:s3:::dest' };

test('a destination object gets the default time prefix, the stream version and the oldest arrival in its name', (t) => {
  const plan = planObject(buffer('destination'), resolveSettings(stream(base)), AT + 60_000, 'u');
  t.true(plan.ok);
  if (plan.ok) t.like(plan.object, { bucket: 'dest', key: '2018/08/27/10/s-2-2018-08-27-10-30-12-u', rawBytes: 3, body: Buffer.from('abc') });
});

test('a backup object uses the backup bucket, prefix and compression', (t) => {
  const settings = resolveSettings(stream({ ...base, S3BackupMode: 'Enabled', S3BackupConfiguration: { ...base, BucketARN: 'arn:aws:s3:::raw', Prefix: 'raw/', CompressionFormat: 'GZIP' } }));
  const plan = planObject(buffer('backup'), settings, AT, 'u');
  t.true(plan.ok);
  if (!plan.ok) return;
  t.is(plan.object.bucket, 'raw');
  t.is(plan.object.key, 'raw/2018/08/27/10/s-2-2018-08-27-10-30-12-u.gz');
  t.is(plan.object.contentEncoding, 'gzip');
  t.is(gunzipSync(plan.object.body).toString(), 'abc');
});

test('an error object without ErrorOutputPrefix lands under <Prefix><error-output-type>/yyyy/MM/dd/HH/', (t) => {
  const plan = planObject(buffer('error', { errorOutputType: 'processing-failed' }), resolveSettings(stream({ ...base, Prefix: 'logs/' })), AT, 'u');
  t.true(plan.ok);
  if (plan.ok) t.is(plan.object.key, 'logs/processing-failed/2018/08/27/10/s-2-2018-08-27-10-30-12-u');
});

test('a destination prefix that evaluates past 512 characters is reported, not written', (t) => {
  const settings = resolveSettings(stream({ ...base, Prefix: `k=!{partitionKeyFromLambda:k}/`, ErrorOutputPrefix: 'e/!{firehose:error-output-type}/', DynamicPartitioningConfiguration: { Enabled: true } }));
  const plan = planObject(buffer('destination', { lambdaKeys: { k: 'x'.repeat(600) } }), settings, AT, 'u');
  t.false(plan.ok);
});

test('objects not yet released keep their own bodies; a released body\'s memory is reused for the next object', (t) => {
  const big = (fill: string): ObjectBuffer => buffer('destination', { items: BufferedItems.of([{ data: Buffer.alloc(100_000, fill), rawData: Buffer.alloc(0), arrivalMs: AT, ticket: new Ticket() }]), bytes: 100_000 });
  const settings = resolveSettings(stream(base));
  const first = planObject(big('a'), settings, AT, 'u1');
  const second = planObject(big('b'), settings, AT, 'u2');
  if (!first.ok || !second.ok) return t.fail('both objects should plan');
  t.is(first.object.body.toString('latin1'), 'a'.repeat(100_000));
  t.is(second.object.body.toString('latin1'), 'b'.repeat(100_000));
  const firstMemory = first.object.body.buffer;
  first.object.release();
  const third = planObject(big('c'), settings, AT, 'u3');
  if (!third.ok) return t.fail('the third object should plan');
  t.is(third.object.body.buffer, firstMemory);
  t.is(third.object.body.toString('latin1'), 'c'.repeat(100_000));
  t.is(second.object.body.toString('latin1'), 'b'.repeat(100_000));
});
