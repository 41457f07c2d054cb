import test from 'ava';
import { startEdge, uniqueName } from '../edge/helpers.js';
import { createActiveStream, localAwsEnv, run } from './helpers.js';

// boto3 as a user's script drives it: default config, the endpoint passed as endpoint_url (this Debian boto3 did not pick up AWS_ENDPOINT_URL in our runs).
const SCRIPT = String.raw`
import hashlib, io, json, os, sys
import boto3
bucket, stream = sys.argv[1], sys.argv[2]
endpoint = os.environ['AWS_ENDPOINT_URL']
s3 = boto3.client('s3', endpoint_url=endpoint)
s3.create_bucket(Bucket=bucket)
data = os.urandom(20 * 1024 * 1024)
s3.upload_fileobj(io.BytesIO(data), bucket, 'boto/big.bin')
back = io.BytesIO()
s3.download_fileobj(bucket, 'boto/big.bin', back)
kinesis = boto3.client('kinesis', endpoint_url=endpoint)
sent = [b'\xbf\xff record %d' % i for i in range(300)]
answer = kinesis.put_records(StreamName=stream, Records=[{'Data': d, 'PartitionKey': 'k%d' % i} for i, d in enumerate(sent)])
shards = kinesis.list_shards(StreamName=stream)['Shards']
got = []
for shard in shards:
    it = kinesis.get_shard_iterator(StreamName=stream, ShardId=shard['ShardId'], ShardIteratorType='TRIM_HORIZON')['ShardIterator']
    got += [r['Data'] for r in kinesis.get_records(ShardIterator=it, Limit=1000)['Records']]
print(json.dumps({
  'same_object': hashlib.sha256(back.getvalue()).hexdigest() == hashlib.sha256(data).hexdigest(),
  'object_size': len(back.getvalue()),
  'failed': answer['FailedRecordCount'],
  'same_records': sorted(got) == sorted(sent),
}))
`;

test('boto3 upload_fileobj (multipart) and put_records round-trip unchanged', async (t) => {
  const edge = await startEdge(t);
  const stream = uniqueName('boto');
  await createActiveStream(edge, stream, 2);
  const output = await run('/usr/bin/python3', ['-c', SCRIPT, uniqueName('boto'), stream], localAwsEnv(edge));
  t.deepEqual(JSON.parse(output.trim().split('\n').at(-1) ?? '{}'), { same_object: true, object_size: 20 * 1024 * 1024, failed: 0, same_records: true });
});
