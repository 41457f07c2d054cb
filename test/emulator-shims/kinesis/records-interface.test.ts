import test from 'ava';
import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { startKinesis, texts, waitUntilActive } from './helpers.js';

const IRELAND = { accountId: '000000000000', region: 'eu-west-1' };

test('records put in-process for an account and region are read over HTTP in that region, and the other way round', async (t) => {
  const kinesis = await startKinesis(t);
  const client = kinesis.clientFor('eu-west-1');
  await client.send(new CreateStreamCommand({ StreamName: 'inside', ShardCount: 1 }));
  await waitUntilActive(client, 'inside');
  const { records } = kinesis.service;
  const put = records.putRecords(IRELAND, { StreamName: 'inside', Records: [{ Data: Buffer.from('from inside'), PartitionKey: 'k' }] });
  t.is(put.FailedRecordCount, 0);
  await client.send(new PutRecordsCommand({ StreamName: 'inside', Records: [{ Data: Buffer.from('from outside'), PartitionKey: 'k' }] }));
  const iterator = (await client.send(new GetShardIteratorCommand({ StreamName: 'inside', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
  t.deepEqual(texts((await client.send(new GetRecordsCommand({ ShardIterator: iterator }))).Records), ['from inside', 'from outside']);
  const shards = records.listShards(IRELAND, { StreamName: 'inside' }).Shards!;
  const inProcess = records.getShardIterator(IRELAND, { StreamName: 'inside', ShardId: shards[0]!.ShardId, ShardIteratorType: 'TRIM_HORIZON' }).ShardIterator;
  const read = records.getRecords(IRELAND, { ShardIterator: inProcess, Limit: 10 });
  t.deepEqual(texts(read.Records), ['from inside', 'from outside']);
  t.true(read.Records![0]!.ApproximateArrivalTimestamp instanceof Date);
});

test('the in-process calls validate and fail as the HTTP ones do', (t) => {
  return startKinesis(t).then(({ service }) => {
    t.throws(() => service.records.putRecords(IRELAND, { StreamName: 'absent', Records: [{ Data: Buffer.from('x'), PartitionKey: 'k' }] }), { name: 'ResourceNotFoundException' });
    t.throws(() => service.records.putRecords(IRELAND, { StreamName: 'absent', Records: [] }), { name: 'ValidationException' });
  });
});
