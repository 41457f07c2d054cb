import test from 'ava';
import { CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { startKinesis, uniqueStream, waitUntilActive } from './helpers.js';

test('a stream created in eu-west-1 has an eu-west-1 ARN and is not found from us-east-1', async (t) => {
  const kinesis = await startKinesis(t);
  const ireland = kinesis.clientFor('eu-west-1');
  const name = uniqueStream('regional');
  await ireland.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  await waitUntilActive(ireland, name);
  const summary = (await ireland.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!;
  t.is(summary.StreamARN, `arn:aws:kinesis:eu-west-1:000000000000:stream/${name}`);
  const error = await t.throwsAsync(kinesis.client.send(new DescribeStreamSummaryCommand({ StreamName: name })));
  t.is(error?.name, 'ResourceNotFoundException');
  t.is(error?.message, `Stream ${name} under account 000000000000 not found.`);
  t.deepEqual((await kinesis.client.send(new ListStreamsCommand({}))).StreamNames, []);
  t.deepEqual((await ireland.send(new ListStreamsCommand({}))).StreamNames, [name]);
});

test('the same name in two accounts or regions is two streams', async (t) => {
  const kinesis = await startKinesis(t);
  const other = kinesis.clientFor('us-east-1', '123456789012');
  const name = uniqueStream('twice');
  await kinesis.client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  await other.send(new CreateStreamCommand({ StreamName: name, ShardCount: 2 }));
  await waitUntilActive(kinesis.client, name);
  await waitUntilActive(other, name);
  t.is((await other.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary?.StreamARN, `arn:aws:kinesis:us-east-1:123456789012:stream/${name}`);
  t.is((await other.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary?.OpenShardCount, 2);
  t.is((await kinesis.client.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary?.OpenShardCount, 1);
});

test('a StreamARN works in place of the name; name and ARN must agree; one of them is needed', async (t) => {
  const kinesis = await startKinesis(t);
  const name = uniqueStream('by-arn');
  await kinesis.client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  await waitUntilActive(kinesis.client, name);
  const arn = `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`;
  const put = await kinesis.client.send(new PutRecordCommand({ StreamARN: arn, PartitionKey: 'k', Data: Buffer.from('x') }));
  t.is(put.ShardId, 'shardId-000000000000');
  const mismatch = await kinesis.raw('DescribeStreamSummary', { StreamName: 'another', StreamARN: arn });
  t.is(mismatch.status, 400);
  t.is(mismatch.body.__type, 'InvalidArgumentException');
  const neither = await kinesis.raw('DescribeStreamSummary', {});
  t.is(neither.body.__type, 'InvalidArgumentException');
  t.is(neither.body.message, 'Either StreamName or StreamARN should be provided.');
  const malformed = await kinesis.raw('DescribeStreamSummary', { StreamARN: 'arn:aws:s3:::bucket' });
  t.is(malformed.body.__type, 'ValidationException');
});

test('a StreamARN of another account is AccessDeniedException, of another region ResourceNotFoundException', async (t) => {
  const kinesis = await startKinesis(t);
  const name = uniqueStream('elsewhere');
  await kinesis.client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  await waitUntilActive(kinesis.client, name);
  const otherAccount = await kinesis.raw('PutRecord', { StreamARN: `arn:aws:kinesis:us-east-1:123456789012:stream/${name}`, PartitionKey: 'k', Data: 'eA==' });
  t.is(otherAccount.status, 400);
  t.is(otherAccount.body.__type, 'AccessDeniedException');
  t.regex(String(otherAccount.body.message), /^User: arn:aws:iam::000000000000:root is not authorized to perform: kinesis:PutRecord on resource: arn:aws:kinesis:us-east-1:123456789012:stream\//);
  const otherRegion = await kinesis.raw('PutRecord', { StreamARN: `arn:aws:kinesis:eu-west-1:000000000000:stream/${name}`, PartitionKey: 'k', Data: 'eA==' });
  t.is(otherRegion.body.__type, 'ResourceNotFoundException');
});

test('GetRecords with a StreamARN reads when it names the iterator\'s stream and is refused when it names another', async (t) => {
  const kinesis = await startKinesis(t);
  const name = uniqueStream('arn-read');
  await kinesis.client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  await waitUntilActive(kinesis.client, name);
  await kinesis.client.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('x') }));
  const { ShardIterator } = await kinesis.client.send(new GetShardIteratorCommand({ StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
  const arn = `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`;
  t.is((await kinesis.client.send(new GetRecordsCommand({ ShardIterator, StreamARN: arn }))).Records?.length, 1);
  const other = await kinesis.raw('GetRecords', { ShardIterator, StreamARN: `${arn}-other` });
  t.is(other.body.__type, 'ResourceNotFoundException');
  const foreign = await kinesis.raw('GetRecords', { ShardIterator, StreamARN: arn.replace('000000000000', '123456789012') });
  t.is(foreign.body.__type, 'AccessDeniedException');
});
