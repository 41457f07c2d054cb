import test, { type ExecutionContext } from 'ava';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OPERATIONS } from '../../emulator-shims/kinesis/operations/index.js';
import type { Shape } from '../../emulator-shims/kinesis/validation.js';
import { jsonCall, startHostileEdge, type HostileEdge, type RawAnswer } from './harness.js';

// Every hostile Kinesis request gets Kinesis's status and error code, the endpoint stays up, and
// nothing outside the state folder changes (Kinesis keeps its files on disk here, as `hosepipe up` does).

const MIB = 1024 * 1024;

const kinesisEdge = (t: ExecutionContext) => startHostileEdge(t, { persistKinesis: true });

function call(hostile: HostileEdge, operation: string, body: Buffer | string | object, headers: Record<string, string> = {}, region = 'us-east-1'): Promise<RawAnswer> {
  return hostile.send({
    method: 'POST', path: '/', headers: { ...jsonCall('kinesis', `Kinesis_20131202.${operation}`, region), ...headers },
    body: Buffer.isBuffer(body) || typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function createStream(hostile: HostileEdge, name: string): Promise<void> {
  const created = await call(hostile, 'CreateStream', { StreamName: name, ShardCount: 1 });
  if (created.status !== 200) throw new Error(`CreateStream ${name}: ${created.status} ${created.text}`);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const summary = await call(hostile, 'DescribeStreamSummary', { StreamName: name });
    if ((JSON.parse(summary.text) as { StreamDescriptionSummary?: { StreamStatus?: string } }).StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`stream ${name} never became ACTIVE`);
}

async function expectRefusal(t: ExecutionContext, hostile: HostileEdge, answer: RawAnswer, status: number, code: string, what: string): Promise<void> {
  t.is(answer.status, status, `${what}: ${answer.text.slice(0, 300)}`);
  t.is(answer.code, code, what);
  await hostile.assertUnharmed(t);
}

test('PutRecords and GetRecords bodies over 7 MiB are refused with 413, declared or chunked, and the endpoint stays up', async (t) => {
  const hostile = await kinesisEdge(t);
  await createStream(hostile, 'big');
  const huge = Buffer.alloc(8 * MIB, 0x61);
  for (const operation of ['PutRecords', 'GetRecords']) {
    await expectRefusal(t, hostile, await call(hostile, operation, huge), 413, 'RequestEntityTooLargeException', `${operation} with Content-Length`);
    const chunked = await hostile.send({ method: 'POST', path: '/', headers: { ...jsonCall('kinesis', `Kinesis_20131202.${operation}`), 'transfer-encoding': 'chunked' }, body: huge });
    await expectRefusal(t, hostile, chunked, 413, 'RequestEntityTooLargeException', `${operation} chunked`);
  }
  const fine = await call(hostile, 'PutRecords', { StreamName: 'big', Records: [{ Data: 'YQ==', PartitionKey: 'k' }] });
  t.is(fine.status, 200, 'the same connection pool still serves ordinary calls');
});

test('a PutRecords with more than 5 MiB of data under the body limit is InvalidArgumentException and stores nothing', async (t) => {
  const hostile = await kinesisEdge(t);
  await createStream(hostile, 'five');
  const data = Buffer.alloc(MIB, 1).toString('base64');
  const answer = await call(hostile, 'PutRecords', { StreamName: 'five', Records: Array.from({ length: 5 }, () => ({ Data: data, PartitionKey: 'key' })) });
  await expectRefusal(t, hostile, answer, 400, 'InvalidArgumentException', 'PutRecords over 5 MiB');
  const iterator = JSON.parse((await call(hostile, 'GetShardIterator', { StreamName: 'five', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' })).text) as { ShardIterator: string };
  t.deepEqual((JSON.parse((await call(hostile, 'GetRecords', { ShardIterator: iterator.ShardIterator })).text) as { Records: unknown[] }).Records, []);
});

test('streams named "..", "." and "-" are legal and stay inside the state folder; unicode, "/" and 129-character names are ValidationException', async (t) => {
  const hostile = await kinesisEdge(t);
  for (const name of ['..', '.', '-']) {
    await createStream(hostile, name);
    const put = await call(hostile, 'PutRecord', { StreamName: name, Data: 'YQ==', PartitionKey: 'k' });
    t.is(put.status, 200, name);
    await hostile.assertUnharmed(t);
  }
  t.true(existsSync(join(hostile.stateDir, 'kinesis', '000000000000', 'us-east-1', '%2E%2E', 'stream.json')));
  for (const name of ['ストリーム', '../escape', 'a/b', '%2e%2e', 'x'.repeat(129), '', 'nul\u0000']) {
    await expectRefusal(t, hostile, await call(hostile, 'CreateStream', { StreamName: name, ShardCount: 1 }), 400, 'ValidationException', JSON.stringify(name.slice(0, 20)));
  }
});

test('malformed JSON and CBOR bodies are SerializationException', async (t) => {
  const hostile = await kinesisEdge(t);
  const cbor = { 'content-type': 'application/x-amz-cbor-1.1' };
  const cases: [string, Buffer | string, Record<string, string>][] = [
    ['truncated JSON', '{"StreamName": "x', {}],
    ['a JSON list', '[1, 2]', {}],
    ['JSON null', 'null', {}],
    ['an empty body', '', {}],
    ['JSON nested 100,000 deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, {}],
    ['not CBOR at all', Buffer.from('{"StreamName":"x"}'), cbor],
    ['CBOR cut short', Buffer.from([0xbf, 0x6a, 0x53, 0x74]), cbor],
    ['CBOR claiming a 2^62-byte string', Buffer.from([0x5b, 0x40, 0, 0, 0, 0, 0, 0, 0]), cbor],
    ['CBOR nested 100,000 deep', Buffer.alloc(100_000, 0x81), cbor],
  ];
  for (const [what, body, headers] of cases) {
    const answer = await call(hostile, 'ListShards', body, headers);
    await expectRefusal(t, hostile, answer, 400, 'SerializationException', what);
    if (headers['content-type']) t.is(answer.headers['content-type'], 'application/x-amz-cbor-1.1', `${what}: the error is CBOR`);
  }
});

/** A value of the wrong JSON type for a member of `shape`. */
function wrongValue(shape: Shape): unknown {
  switch (shape.type) {
    case 'string':
      return { not: 'a string' };
    case 'integer':
      return 'twelve';
    case 'boolean':
      return 17;
    case 'blob':
      return 42;
    case 'timestamp':
      return 'yesterday';
    case 'list':
      return 'not a list';
    case 'map':
      return ['not', 'a', 'map'];
    case 'structure':
      return 'not a structure';
  }
}

test('a value of the wrong type in any member of any operation is SerializationException', async (t) => {
  const hostile = await kinesisEdge(t);
  let cases = 0;
  for (const [name, operation] of OPERATIONS) {
    for (const [member, shape] of Object.entries(operation.members)) {
      const answer = await call(hostile, name, { [member]: wrongValue(shape) });
      t.is(answer.status, 400, `${name}.${member}`);
      t.is(answer.code, 'SerializationException', `${name}.${member}: ${answer.text.slice(0, 200)}`);
      cases += 1;
    }
  }
  t.true(cases > 50);
  await hostile.assertUnharmed(t);
});

test('PutRecords bodies the byte reader turns down (cut short, a raw control character or 257 characters in a partition key, 501 records) get the JSON path\'s refusals, and nothing is stored', async (t) => {
  const hostile = await kinesisEdge(t);
  await createStream(hostile, 'near');
  const record = (key: string) => `{"Data":"eA==","PartitionKey":"${key}"}`;
  const cases: Array<[string, string, string]> = [
    ['cut short inside a record', `{"StreamName":"near","Records":[${record('k')},{"Data":"eA==","Partit`, 'SerializationException'],
    ['a raw control character in a partition key', `{"StreamName":"near","Records":[${record('a\u0001b')}]}`, 'SerializationException'],
    ['a partition key of 257 characters', `{"StreamName":"near","Records":[${record('k'.repeat(257))}]}`, 'ValidationException'],
    ['501 records', `{"StreamName":"near","Records":[${Array.from({ length: 501 }, () => record('k')).join(',')}]}`, 'ValidationException'],
  ];
  for (const [what, body, code] of cases) await expectRefusal(t, hostile, await call(hostile, 'PutRecords', body), 400, code, what);
  const iterator = JSON.parse((await call(hostile, 'GetShardIterator', { StreamName: 'near', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' })).text) as { ShardIterator: string };
  t.deepEqual((JSON.parse((await call(hostile, 'GetRecords', { ShardIterator: iterator.ShardIterator })).text) as { Records: unknown[] }).Records, []);
});

test('null and scalar PutRecords entries are refused as Kinesis refuses them, and nothing is stored', async (t) => {
  const hostile = await kinesisEdge(t);
  await createStream(hostile, 'entries');
  await expectRefusal(t, hostile, await call(hostile, 'PutRecords', { StreamName: 'entries', Records: [null] }), 400, 'ValidationException', 'Records: [null]');
  await expectRefusal(t, hostile, await call(hostile, 'PutRecords', { StreamName: 'entries', Records: [1] }), 400, 'SerializationException', 'Records: [1]');
  await expectRefusal(t, hostile, await call(hostile, 'PutRecords', { StreamName: 'entries', Records: [{}] }), 400, 'ValidationException', 'Records: [{}]');
  await expectRefusal(t, hostile, await call(hostile, 'AddTagsToStream', { StreamName: 'entries', Tags: { key: null } }), 400, 'ValidationException', 'a null tag value');
});

test('PutRecords Data that is not canonical base64 (bits after the last character, URL-safe, padding in the middle, a character outside it) is SerializationException, and nothing is stored', async (t) => {
  const hostile = await kinesisEdge(t);
  await createStream(hostile, 'blobs');
  for (const data of ['eB==', 'eAB=', '-_-_', 'eA==eA==', 'eA= ', 'e\u00e9==']) {
    const answer = await call(hostile, 'PutRecords', { StreamName: 'blobs', Records: [{ Data: 'eA==', PartitionKey: 'k' }, { Data: data, PartitionKey: 'k' }] });
    await expectRefusal(t, hostile, answer, 400, 'SerializationException', `Data ${JSON.stringify(data)}`);
  }
  t.is((await call(hostile, 'PutRecords', { StreamName: 'blobs', Records: [{ Data: 'eA==', PartitionKey: 'k' }, { Data: 'eHk=', PartitionKey: 'k' }] })).status, 200);
  const iterator = JSON.parse((await call(hostile, 'GetShardIterator', { StreamName: 'blobs', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' })).text) as { ShardIterator: string };
  const { Records: records } = JSON.parse((await call(hostile, 'GetRecords', { ShardIterator: iterator.ShardIterator })).text) as { Records: { Data: string }[] };
  t.deepEqual(records.map((record) => record.Data), ['eA==', 'eHk=']);
});

test('huge, negative and fractional Limits are ValidationException or truncated as Kinesis does', async (t) => {
  const hostile = await kinesisEdge(t);
  await createStream(hostile, 'limits');
  const iterator = (JSON.parse((await call(hostile, 'GetShardIterator', { StreamName: 'limits', ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' })).text) as { ShardIterator: string }).ShardIterator;
  for (const limit of [1e308, 2 ** 53, 10_001, 0, -1, -1e308]) {
    await expectRefusal(t, hostile, await call(hostile, 'GetRecords', { ShardIterator: iterator, Limit: limit }), 400, 'ValidationException', `Limit ${limit}`);
  }
  t.is((await call(hostile, 'GetRecords', `{"ShardIterator": ${JSON.stringify(iterator)}, "Limit": 1.9}`)).status, 200);
  for (const [operation, body] of [['ListShards', { StreamName: 'limits', MaxResults: 1e300 }], ['ListStreams', { Limit: -5 }], ['DescribeStream', { StreamName: 'limits', Limit: 2 ** 40 }]] as const) {
    await expectRefusal(t, hostile, await call(hostile, operation, body), 400, 'ValidationException', operation);
  }
});

test('bogus shard iterators are refused: garbage, forged, too long, empty, another stream\'s after it was deleted', async (t) => {
  const hostile = await kinesisEdge(t);
  await createStream(hostile, 'real');
  const iterator = (JSON.parse((await call(hostile, 'GetShardIterator', { StreamName: 'real', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' })).text) as { ShardIterator: string }).ShardIterator;
  const flipped = Buffer.from(iterator, 'base64');
  flipped.writeUInt8(flipped.readUInt8(20) ^ 1, 20);
  const cases: [unknown, string][] = [
    ['AAAAAAAAAAE=', 'InvalidArgumentException'],
    ['not base64 at all!', 'InvalidArgumentException'],
    ['../../../../etc/passwd', 'InvalidArgumentException'],
    [flipped.toString('base64'), 'InvalidArgumentException'],
    [Buffer.alloc(300, 7).toString('base64'), 'InvalidArgumentException'],
    ['A'.repeat(513), 'ValidationException'],
    ['', 'ValidationException'],
  ];
  for (const [bogus, code] of cases) {
    await expectRefusal(t, hostile, await call(hostile, 'GetRecords', { ShardIterator: bogus }), 400, code, String(bogus).slice(0, 30));
  }
  await call(hostile, 'DeleteStream', { StreamName: 'real' });
  const deadline = Date.now() + 30_000;
  while ((await call(hostile, 'DescribeStreamSummary', { StreamName: 'real' })).status === 200) {
    if (Date.now() > deadline) throw new Error('stream real was not gone 30 s after DeleteStream');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await expectRefusal(t, hostile, await call(hostile, 'GetRecords', { ShardIterator: iterator }), 400, 'ResourceNotFoundException', 'an iterator of a deleted stream');
});

test('a StreamARN of another account or region, or a malformed one, is refused and names no file', async (t) => {
  const hostile = await kinesisEdge(t);
  await createStream(hostile, 'mine');
  const cases: [object, string][] = [
    [{ StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/mine' }, 'AccessDeniedException'],
    [{ StreamARN: 'arn:aws:kinesis:eu-west-1:000000000000:stream/mine' }, 'ResourceNotFoundException'],
    [{ StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/../../../etc' }, 'ResourceNotFoundException'],
    [{ StreamARN: 'arn:aws:kinesis:..:000000000000:stream/mine' }, 'ResourceNotFoundException'],
    [{ StreamARN: 'arn:aws:s3:::mine' }, 'ValidationException'],
    [{ StreamName: 'mine', StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/other' }, 'InvalidArgumentException'],
  ];
  for (const [body, code] of cases) {
    await expectRefusal(t, hostile, await call(hostile, 'DeleteStream', body), 400, code, JSON.stringify(body));
  }
  t.is((await call(hostile, 'DescribeStreamSummary', { StreamName: 'mine' })).status, 200, 'the stream is still there');
});

test('unknown operations, other methods and content types are refused as Kinesis refuses them', async (t) => {
  const hostile = await kinesisEdge(t);
  await expectRefusal(t, hostile, await call(hostile, 'DropEverything', {}), 400, 'UnknownOperationException', 'unknown operation');
  await expectRefusal(t, hostile, await call(hostile, 'ListStreams', '{}', { 'content-type': 'text/plain' }), 404, 'UnknownOperationException', 'text/plain');
  const get = await hostile.send({ method: 'GET', path: '/', headers: jsonCall('kinesis', 'Kinesis_20131202.ListStreams') });
  await expectRefusal(t, hostile, get, 403, 'AccessDeniedException', 'GET');
});
