import test from 'ava';
import { base64Length, buildLambdaEvent, serializeLambdaEvent } from '../../../emulator-shims/firehose/lambda-event.js';

/** A Kinesis-source record's members beside its id, arrival and data. */
const kinesis = { shardId: 'shardId-000000000000', partitionKey: 'pk "é" \u2028 😀', subsequenceNumber: 0 };

const matchesStringify = test.macro({
  exec(t, input: Parameters<typeof buildLambdaEvent>[0]) {
    let measured = -1;
    const bytes = serializeLambdaEvent(input, (length) => Buffer.alloc((measured = length)));
    t.is(bytes.toString('utf8'), JSON.stringify(buildLambdaEvent(input)));
    // Measured exactly: a length over the bytes written would hide behind the view the function answers.
    t.is(measured, bytes.length);
  },
  title: (provided = '') => `serializeLambdaEvent writes exactly JSON.stringify(buildLambdaEvent(…)) for ${provided}`,
});
test('a DirectPut event', matchesStringify, {
  invocationId: 'i', deliveryStreamArn: 'arn:f', region: 'us-east-2',
  records: [{ idBase: '1', subIndex: 0, arrivalMs: 1664029185290.7, data: Buffer.from('Hello World') }, { idBase: '2', subIndex: 0, arrivalMs: 5, data: Buffer.from([0xff, 0, 1]) }],
});
test('a Kinesis-source event with a multi-byte partition key', matchesStringify, {
  invocationId: 'i', deliveryStreamArn: 'arn:f', region: 'us-east-2', sourceKinesisStreamArn: 'arn:k',
  records: [{ idBase: '4954', subIndex: 0, arrivalMs: 1664028820148, data: Buffer.from('x'), ...kinesis }, { idBase: '4955', subIndex: 0, arrivalMs: 1664028820149, data: Buffer.alloc(0), ...kinesis }],
});
test('record ids JSON must escape (a quote, a backslash, a control character, non-ASCII)', matchesStringify, {
  invocationId: 'i', deliveryStreamArn: 'arn:f', region: 'us-east-2',
  records: [{ idBase: 'a"b', subIndex: 0, arrivalMs: 1, data: Buffer.from('x') }, { idBase: 'c\\d\n', subIndex: 1, arrivalMs: 2, data: Buffer.from('yz') }, { idBase: 'é😀', subIndex: 2000, arrivalMs: 3, data: Buffer.from('abc') }],
});
test('record ids of sequences of every length up to 56 digits and longer, with sub-indexes of 1 to 8 digits', matchesStringify, {
  invocationId: 'i', deliveryStreamArn: 'arn:f', region: 'us-east-2',
  records: Array.from({ length: 64 }, (_, index) => ({ idBase: '7'.repeat(index), subIndex: [0, 7, 1001, 999_999, 1_000_000, 12_345_678][index % 6]!, arrivalMs: index, data: Buffer.from([index]) })),
});
test('an event without records', matchesStringify, { invocationId: 'i', deliveryStreamArn: 'arn:f', region: 'us-east-2', records: [] });

test('serializeLambdaEvent writes into the buffer it is given and answers a view of the bytes written', (t) => {
  const given = Buffer.alloc(1000, 0x2a);
  const bytes = serializeLambdaEvent({ invocationId: 'i', deliveryStreamArn: 'a', region: 'r', records: [] }, () => given);
  t.is(bytes.buffer, given.buffer);
  t.is(bytes.toString(), '{"invocationId":"i","deliveryStreamArn":"a","region":"r","records":[]}');
});

test('Kinesis metadata is written in the event\'s key order, its sequence number the id\'s and its arrival the record\'s, with escapes where JSON needs them', (t) => {
  const record = { subsequenceNumber: 2, partitionKey: 'pk\u0000', shardId: 'shardId-000000000001', idBase: '49"54', subIndex: 2001, arrivalMs: 1664028820148.5, data: Buffer.from('x') };
  const input = { invocationId: 'i', deliveryStreamArn: 'arn:f', region: 'us-east-2', sourceKinesisStreamArn: 'arn:k', records: [record] };
  const text = serializeLambdaEvent(input).toString('utf8');
  t.is(text, JSON.stringify(buildLambdaEvent(input)));
  t.true(text.includes(`{"recordId":"${'0'.repeat(51)}49\\"54002001","approximateArrivalTimestamp":1664028820148,`));
  t.true(text.includes('"kinesisRecordMetadata":{"shardId":"shardId-000000000001","partitionKey":"pk\\u0000","approximateArrivalTimestamp":1664028820148.5,"sequenceNumber":"49\\"54","subsequenceNumber":2}'));
});

test('given a list, serializeLambdaEvent notes where each record\'s base64 data is in the bytes it answers', (t) => {
  const data = [Buffer.from('abc'), Buffer.alloc(0), Buffer.from('Hello World'), Buffer.from([0xff, 0xfe])];
  const input = { invocationId: 'i', deliveryStreamArn: 'arn:f', region: 'us-east-2', records: data.map((bytes, index) => ({ idBase: index === 1 ? 'é"' : `${index}`, subIndex: 0, arrivalMs: index, data: bytes, ...(index === 2 ? kinesis : {}) })) };
  const textAt: number[] = [];
  const bytes = serializeLambdaEvent(input, Buffer.allocUnsafe, textAt);
  t.is(bytes.toString('utf8'), JSON.stringify(buildLambdaEvent(input)));
  t.deepEqual(data.map((record, index) => bytes.toString('latin1', textAt[index], textAt[index]! + base64Length(record.length))), data.map((record) => record.toString('base64')));
  t.true(data.every((record, index) => bytes[textAt[index]! - 1] === 0x22 && bytes[textAt[index]! + base64Length(record.length)] === 0x22));
});
test('records of many sizes and ids, Kinesis ones among them', matchesStringify, {
  invocationId: 'i', deliveryStreamArn: 'arn:f', region: 'us-east-2', sourceKinesisStreamArn: 'arn:k',
  records: Array.from({ length: 40 }, (_, index) => ({
    idBase: index % 7 === 3 ? `49"${index}é` : `4954${index}`, subIndex: index * 1000, arrivalMs: 1664028820148 + index * 0.5, data: Buffer.alloc(index * 3 + (index % 3), index),
    ...kinesis, partitionKey: index % 5 === 0 ? `pk "é" ${index}` : `pk-${index}`, subsequenceNumber: index,
  })),
});
test('runs of records sharing an arrival and a shard, then changing them (texts made once per run)', matchesStringify, {
  invocationId: 'i', deliveryStreamArn: 'arn:f', region: 'us-east-2', sourceKinesisStreamArn: 'arn:k',
  records: Array.from({ length: 60 }, (_, index) => {
    const arrival = 1664028820148 + Math.floor(index / 7) + (index % 11 === 0 ? 0.25 : 0);
    const subsequenceNumber = index % 8 === 7 ? 3 : 0;
    return {
      idBase: index % 17 === 16 ? `49"${index}` : `4954${index}`, subIndex: subsequenceNumber * 1000 + (index % 3), arrivalMs: arrival, data: Buffer.alloc(index % 9, index),
      shardId: index % 13 === 12 ? 'shard"odd' : `shardId-00000000000${Math.floor(index / 10)}`, partitionKey: index % 6 === 5 ? `k\u2028${index}` : `k${index}`, subsequenceNumber,
    };
  }),
});
test('plain partition keys and sequence numbers under shard ids that JSON escapes or that are not ASCII', matchesStringify, {
  invocationId: 'i', deliveryStreamArn: 'arn:f', region: 'us-east-2', sourceKinesisStreamArn: 'arn:k',
  records: ['shard"q', 'shard-é', 'shard-😀', 'shardId-000000000001', 'shard\\b'].flatMap((shardId, run) => Array.from({ length: 3 }, (_, index) => ({
    idBase: `4954${run}${index}`, subIndex: index * 1000, arrivalMs: 1664028820148 + run, data: Buffer.from(`line ${run} ${index}`),
    shardId, partitionKey: `pk-${index}`, subsequenceNumber: index,
  }))),
});
