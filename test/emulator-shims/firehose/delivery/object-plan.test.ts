import test from 'ava';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { BufferedItems } from '../../../../emulator-shims/firehose/delivery/buffered-items.js';
import { planObject } from '../../../../emulator-shims/firehose/delivery/object-plan.js';
import type { ObjectBuffer } from '../../../../emulator-shims/firehose/delivery/object-buffers.js';
import { isBodyFile, type ObjectBody } from '../../../../emulator-shims/firehose/delivery/s3-writer.js';
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
const bytesOf = (body: ObjectBody): Buffer => (isBodyFile(body) ? readFileSync(body.file).subarray(0, body.size) : Buffer.isBuffer(body) ? body : Buffer.concat(body));
const base = { RoleARN: 'arn:aws:iam::000000000000:role/r', BucketARN: 'arn:aws:s3:::dest' };

test('a destination object gets the default time prefix, the stream version and the oldest arrival in its name', (t) => {
  const plan = planObject(buffer('destination'), resolveSettings(stream(base)), AT + 60_000, 'u');
  t.true(plan.ok);
  if (!plan.ok) return;
  t.like(plan.object, { bucket: 'dest', key: '2018/08/27/10/s-2-2018-08-27-10-30-12-u', rawBytes: 3 });
  t.is(bytesOf(plan.object.body).toString(), 'abc');
});

test('a backup object uses the backup bucket, prefix and compression', (t) => {
  const settings = resolveSettings(stream({ ...base, S3BackupMode: 'Enabled', S3BackupConfiguration: { ...base, BucketARN: 'arn:aws:s3:::raw', Prefix: 'raw/', CompressionFormat: 'GZIP' } }));
  const plan = planObject(buffer('backup'), settings, AT, 'u');
  t.true(plan.ok);
  if (!plan.ok) return;
  t.is(plan.object.bucket, 'raw');
  t.is(plan.object.key, 'raw/2018/08/27/10/s-2-2018-08-27-10-30-12-u.gz');
  t.is(plan.object.contentEncoding, 'gzip');
  t.true(Buffer.isBuffer(plan.object.body), 'a compressed body is one buffer');
  t.is(gunzipSync(bytesOf(plan.object.body)).toString(), 'abc');
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

test('an uncompressed object\'s body is the buffered records\' own pieces in order, not a copy of them', (t) => {
  const items = BufferedItems.of(['a', 'b', 'c'].map((fill) => ({ data: Buffer.alloc(700_000, fill), rawData: Buffer.alloc(0), arrivalMs: AT, ticket: new Ticket() })));
  const plan = planObject(buffer('destination', { items, bytes: 2_100_000 }), resolveSettings(stream(base)), AT, 'u');
  if (!plan.ok) return t.fail('the object should plan');
  const body = plan.object.body;
  if (Buffer.isBuffer(body) || isBodyFile(body)) return t.fail('an uncompressed body stays in pieces');
  t.true(body.length > 1);
  t.is(plan.object.rawBytes, 2_100_000);
  t.is(bytesOf(body).toString('latin1'), 'a'.repeat(700_000) + 'b'.repeat(700_000) + 'c'.repeat(700_000));
  t.deepEqual(body.map((piece) => piece.buffer), items.pieces().map((piece) => piece.buffer), 'the pieces are the records\' memory');
});

test('an uncompressed object whose records went to a scratch file is that file, whole, until released; a compressed one is read back from it', (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'hosepipe-scratch-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  const fill = () => BufferedItems.of(['a', 'b', 'c'].map((letter) => ({ data: Buffer.alloc(700_000, letter), rawData: Buffer.from(letter), arrivalMs: AT, ticket: new Ticket() })), true, folder);
  const expected = 'a'.repeat(700_000) + 'b'.repeat(700_000) + 'c'.repeat(700_000);
  const plan = planObject(buffer('destination', { items: fill(), bytes: 2_100_000 }), resolveSettings(stream(base)), AT, 'u');
  if (!plan.ok) return t.fail('the object should plan');
  const body = plan.object.body;
  if (!isBodyFile(body)) return t.fail('the body is the scratch file');
  t.is(plan.object.rawBytes, 2_100_000);
  t.is(readFileSync(body.file).toString('latin1'), expected, 'the records still in memory were written after the others');
  t.deepEqual(readdirSync(folder), [body.file.split('/').at(-1)], 'the raw data\'s file went with the bytes');
  plan.object.release();
  t.false(existsSync(body.file));
  const settings = resolveSettings(stream({ ...base, CompressionFormat: 'GZIP' }));
  const gzipped = planObject(buffer('destination', { items: fill(), bytes: 2_100_000 }), settings, AT, 'u');
  if (!gzipped.ok) return t.fail('the object should plan');
  t.is(gunzipSync(bytesOf(gzipped.object.body)).toString('latin1'), expected);
});
