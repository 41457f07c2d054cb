import test from 'ava';
import { GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { recordHashKey } from '../../../emulator-shims/kinesis/index.js';
import { createActiveStream, startKinesis, texts } from './helpers.js';

test('PutRecords, PutRecord and PutRecords again read back in the order they were put, with rising 56-digit sequence numbers', async (t) => {
  const { client } = await startKinesis(t);
  const [shard] = await createActiveStream(client, 'mixed', 1);
  await client.send(new PutRecordsCommand({ StreamName: 'mixed', Records: [{ Data: Buffer.from('a'), PartitionKey: 'k1' }, { Data: Buffer.from('b'), PartitionKey: 'k2' }] }));
  await client.send(new PutRecordCommand({ StreamName: 'mixed', Data: Buffer.from('c'), PartitionKey: 'k3' }));
  const last = await client.send(new PutRecordsCommand({ StreamName: 'mixed', Records: [{ Data: Buffer.from('d'), PartitionKey: 'k4' }] }));
  t.is(last.FailedRecordCount, 0);
  t.is(last.Records![0]!.ShardId, shard!.ShardId);
  const iterator = (await client.send(new GetShardIteratorCommand({ StreamName: 'mixed', ShardId: shard!.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
  const { Records: records } = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
  t.deepEqual(texts(records), ['a', 'b', 'c', 'd']);
  for (const record of records!) t.regex(record.SequenceNumber!, /^[1-9]\d{55}$/);
  const sequences = records!.map((record) => BigInt(record.SequenceNumber!));
  t.true(sequences.every((sequence, index) => index === 0 || sequence > sequences[index - 1]!));
  t.true(BigInt(shard!.SequenceNumberRange!.StartingSequenceNumber!) < sequences[0]!);
  t.is(records!.at(-1)!.SequenceNumber, last.Records![0]!.SequenceNumber);
});

test('each record goes to the shard whose hash-key range holds the MD5 of its partition key', async (t) => {
  const { client } = await startKinesis(t);
  const shards = await createActiveStream(client, 'spread', 4);
  const records = Array.from({ length: 200 }, (_, index) => ({ Data: Buffer.from(`r${index}`), PartitionKey: `key-${index}` }));
  const answer = await client.send(new PutRecordsCommand({ StreamName: 'spread', Records: records }));
  const expected = records.map((record) => {
    const hash = recordHashKey(record.PartitionKey);
    return shards.find((shard) => hash >= BigInt(shard.HashKeyRange!.StartingHashKey!) && hash <= BigInt(shard.HashKeyRange!.EndingHashKey!))!.ShardId;
  });
  t.deepEqual(answer.Records!.map((record) => record.ShardId), expected);
  t.true(new Set(expected).size > 1);
});

test('in a stream of one shard every record goes to that shard, whatever its partition key or ExplicitHashKey', async (t) => {
  const { client } = await startKinesis(t);
  const [shard] = await createActiveStream(client, 'single', 1);
  const records = [
    ...Array.from({ length: 50 }, (_, index) => ({ Data: Buffer.from(`r${index}`), PartitionKey: `key-${index}` })),
    { Data: Buffer.from('low'), PartitionKey: 'k', ExplicitHashKey: '0' },
    { Data: Buffer.from('high'), PartitionKey: 'k', ExplicitHashKey: String((1n << 128n) - 1n) },
  ];
  const answer = await client.send(new PutRecordsCommand({ StreamName: 'single', Records: records }));
  t.is(answer.FailedRecordCount, 0);
  t.deepEqual(new Set(answer.Records!.map((record) => record.ShardId)), new Set([shard!.ShardId]));
});

test('an ExplicitHashKey picks the shard whose range holds it; one past 2^128-1 is InvalidArgumentException', async (t) => {
  const { client, raw } = await startKinesis(t);
  const shards = await createActiveStream(client, 'explicit', 2);
  const upper = shards[1]!;
  const explicit = await raw('PutRecords', { StreamName: 'explicit', Records: [{ Data: 'YQ==', PartitionKey: 'k', ExplicitHashKey: upper.HashKeyRange!.StartingHashKey }] });
  t.is(explicit.status, 200);
  t.is((explicit.body.Records as { ShardId: string }[])[0]!.ShardId, upper.ShardId!);
  const tooBig = await raw('PutRecord', { StreamName: 'explicit', Data: 'YQ==', PartitionKey: 'k', ExplicitHashKey: (2n ** 128n).toString() });
  t.is(tooBig.status, 400);
  t.is(tooBig.body.__type, 'InvalidArgumentException');
  t.is(tooBig.body.message, `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${2n ** 128n}`);
});

test('invalid PutRecords requests get Kinesis\'s errors', async (t) => {
  const { client, raw } = await startKinesis(t);
  await createActiveStream(client, 'answers', 2);
  const cases: [unknown, number, string, string?][] = [
    [{ StreamName: 'no-such-stream', Records: [{ Data: 'YQ==', PartitionKey: 'k' }] }, 400, 'ResourceNotFoundException', 'Stream no-such-stream under account 000000000000 not found.'],
    [{ StreamName: 'answers', Records: [{ Data: 'YQ==', PartitionKey: '' }] }, 400, 'ValidationException',
      "1 validation error detected: Value '' at 'records.1.member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1"],
    [{ StreamName: 'answers', Records: [] }, 400, 'ValidationException', "1 validation error detected: Value '[]' at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1"],
    [{ StreamName: 'answers', Records: [{ Data: 'not base64!', PartitionKey: 'k' }] }, 400, 'SerializationException'],
    [{ StreamName: 'bad name!', Records: [{ Data: 'YQ==', PartitionKey: 'k' }] }, 400, 'ValidationException',
      "1 validation error detected: Value 'bad name!' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"],
    [{ StreamName: 'answers' }, 400, 'ValidationException', "1 validation error detected: Value null at 'records' failed to satisfy constraint: Member must not be null"],
  ];
  for (const [body, status, type, message] of cases) {
    const answer = await raw('PutRecords', body);
    t.is(answer.status, status, JSON.stringify(body));
    t.is(answer.body.__type, type, JSON.stringify(body));
    if (message !== undefined) t.is(answer.body.message, message);
  }
});

test('a PutRecords of more than 500 entries or over 5 MiB of data and keys is refused whole', async (t) => {
  const { client, raw } = await startKinesis(t);
  await createActiveStream(client, 'limits', 1);
  const many = await raw('PutRecords', { StreamName: 'limits', Records: Array.from({ length: 501 }, () => ({ Data: 'YQ==', PartitionKey: 'k' })) });
  t.is(many.body.__type, 'ValidationException');
  t.regex(String(many.body.message), /at 'records' failed to satisfy constraint: Member must have length less than or equal to 500$/);
  const mib = Buffer.alloc(1024 * 1024 - 2, 1).toString('base64');
  const big = await raw('PutRecords', { StreamName: 'limits', Records: Array.from({ length: 5 }, () => ({ Data: mib, PartitionKey: 'key' })) });
  t.is(big.status, 400);
  t.is(big.body.__type, 'InvalidArgumentException');
  t.is(big.body.message, 'Records size exceeds 5 MB limit');
  const oneRecord = await raw('PutRecord', { StreamName: 'limits', Data: Buffer.alloc(1024 * 1024 + 1).toString('base64'), PartitionKey: 'k' });
  t.is(oneRecord.body.__type, 'ValidationException');
  t.is(oneRecord.body.message, "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576");
});

test('PutRecord takes a SequenceNumberForOrdering of its own stream and refuses one that is not', async (t) => {
  const { client, raw } = await startKinesis(t);
  await createActiveStream(client, 'ordering', 1);
  const first = await client.send(new PutRecordCommand({ StreamName: 'ordering', Data: Buffer.from('1'), PartitionKey: 'k' }));
  const second = await client.send(new PutRecordCommand({ StreamName: 'ordering', Data: Buffer.from('2'), PartitionKey: 'k', SequenceNumberForOrdering: first.SequenceNumber }));
  t.true(BigInt(second.SequenceNumber!) > BigInt(first.SequenceNumber!));
  const bogus = await raw('PutRecord', { StreamName: 'ordering', Data: 'eA==', PartitionKey: 'k', SequenceNumberForOrdering: '12345' });
  t.is(bogus.body.__type, 'InvalidArgumentException');
  t.is(bogus.body.message, 'ExclusiveMinimumSequenceNumber 12345 used in PutRecord on stream ordering under account 000000000000 is invalid.');
});

test('PutRecords answers each entry with the sequence number and shard its record is read back with, in entry order, when the entries interleave across shards', async (t) => {
  const { client } = await startKinesis(t);
  const shards = await createActiveStream(client, 'interleaved', 4);
  const records = Array.from({ length: 60 }, (_, index) => ({ Data: Buffer.from(`record ${index}`), PartitionKey: `p-${index}` }));
  const answer = await client.send(new PutRecordsCommand({ StreamName: 'interleaved', Records: records }));
  t.is(answer.FailedRecordCount, 0);
  const answered = new Map(answer.Records!.map((entry, index) => [`record ${index}`, `${entry.ShardId} ${entry.SequenceNumber}`]));
  const read = new Map<string, string>();
  for (const shard of shards) {
    const iterator = (await client.send(new GetShardIteratorCommand({ StreamName: 'interleaved', ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    for (const record of (await client.send(new GetRecordsCommand({ ShardIterator: iterator }))).Records!) read.set(Buffer.from(record.Data!).toString(), `${shard.ShardId} ${record.SequenceNumber}`);
  }
  const sorted = (map: Map<string, string>): string[][] => [...map].sort(([a], [b]) => a.localeCompare(b));
  t.deepEqual(sorted(read), sorted(answered));
  t.true(new Set(answer.Records!.map((entry) => entry.ShardId)).size > 1);
});

test("large PutRecords calls sent side by side, round after round, store every record as sent and each call's records in its order", async (t) => {
  const { client } = await startKinesis(t);
  const [shard] = await createActiveStream(client, 'large', 1);
  // 500 records of 300 bytes: a JSON body of about 200 KB, which arrives in several socket chunks.
  const batch = (round: number, call: number) => Array.from({ length: 500 }, (_, index) => ({ Data: Buffer.from(`${round}.${call}.${index}:`.padEnd(300, String.fromCharCode(97 + ((round * 4 + call + index) % 26)))), PartitionKey: `k${index}` }));
  const sent: string[] = [];
  for (let round = 0; round < 3; round += 1) {
    const batches = Array.from({ length: 4 }, (_, call) => batch(round, call));
    const answers = await Promise.all(batches.map((records) => client.send(new PutRecordsCommand({ StreamName: 'large', Records: records }))));
    for (const answer of answers) t.is(answer.FailedRecordCount, 0);
    // Order between calls sent side by side is the order the endpoint took them in: compare as sets, each call's order within.
    for (const records of batches) sent.push(...records.map((record) => record.Data.toString()));
  }
  let iterator = (await client.send(new GetShardIteratorCommand({ StreamName: 'large', ShardId: shard!.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
  const read: string[] = [];
  // Until a read comes back empty: an open shard always gives a next iterator.
  for (let empty = false; !empty && iterator;) {
    const answer = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
    read.push(...texts(answer.Records));
    empty = (answer.Records ?? []).length === 0;
    iterator = answer.NextShardIterator;
  }
  t.is(read.length, sent.length);
  t.deepEqual([...read].sort(), [...sent].sort());
  const callOrder = (text: string) => text.split(':')[0]!.split('.').slice(0, 2).join('.');
  for (const call of new Set(read.map(callOrder))) {
    const ofCall = read.filter((text) => callOrder(text) === call).map((text) => Number(text.split(':')[0]!.split('.')[2]));
    t.deepEqual(ofCall, Array.from({ length: 500 }, (_, index) => index));
  }
});
