import test from 'ava';
import { AgentConfigError, readKinesisAgentConfig } from '../../agent/index.js';

// Shaped like the agent.json in the Kinesis Agent's README, pointed at a local endpoint.
const agentJson = {
  'cloudwatch.emitMetrics': false,
  'kinesis.endpoint': 'http://127.0.0.1:4567',
  checkpointFile: '/tmp/hosepipe/checkpoints',
  flows: [
    {
      filePattern: '/var/log/nginx/access.log*',
      kinesisStream: 'nginx-access',
      partitionKeyOption: 'RANDOM',
      maxBufferAgeMillis: 2000,
      maxBufferSizeRecords: 250,
      maxBufferSizeBytes: 2_097_152,
      initialPosition: 'START_OF_FILE',
    },
    { filePattern: '/var/log/nginx/error.log', kinesisStream: 'nginx-error', partitionKeyOption: 'DETERMINISTIC' },
  ],
};

test('readKinesisAgentConfig maps each flow of an agent.json to agent options', (t) => {
  t.deepEqual(readKinesisAgentConfig(agentJson), [
    {
      files: '/var/log/nginx/access.log*',
      stream: 'nginx-access',
      endpoint: 'http://127.0.0.1:4567',
      region: 'us-east-1',
      checkpointFile: '/tmp/hosepipe/checkpoints.0',
      partitionKey: 'RANDOM',
      maxBufferAgeMs: 2000,
      maxBufferSizeRecords: 250,
      maxBufferSizeBytes: 2_097_152,
      initialPosition: 'START_OF_FILE',
    },
    {
      files: '/var/log/nginx/error.log',
      stream: 'nginx-error',
      endpoint: 'http://127.0.0.1:4567',
      region: 'us-east-1',
      checkpointFile: '/tmp/hosepipe/checkpoints.1',
      partitionKey: 'DETERMINISTIC',
    },
  ]);
});

test('the region comes from kinesis.region or an AWS endpoint host name', (t) => {
  const flows = [{ filePattern: '/l/a.log', kinesisStream: 's' }];
  t.is(readKinesisAgentConfig({ 'kinesis.endpoint': 'https://kinesis.eu-west-1.amazonaws.com', flows })[0]!.region, 'eu-west-1');
  t.is(readKinesisAgentConfig({ 'kinesis.region': 'ap-south-1', flows })[0]!.region, 'ap-south-1');
  t.is(readKinesisAgentConfig({ flows })[0]!.checkpointFile, '/var/run/aws-kinesis-agent/hosepipe-checkpoints.json');
});

const rejects = test.macro((t, json: unknown, field: string) => {
  const error = t.throws(() => readKinesisAgentConfig(json), { instanceOf: AgentConfigError });
  t.is(error?.field, field);
  t.true(error?.message.startsWith(`invalid ${field}:`));
});

test('a bad flow value is named by its agent.json key', rejects, { flows: [{ filePattern: '/l/a', kinesisStream: 's', maxBufferSizeRecords: 900 }] }, 'flows[0].maxBufferSizeRecords');
test('a flow without a stream names kinesisStream', rejects, { flows: [{ filePattern: '/l/a' }] }, 'flows[0].kinesisStream');
test('Firehose flows are rejected rather than ignored', rejects, { flows: [{ filePattern: '/l/a', deliveryStream: 'd' }] }, 'flows[0].deliveryStream');
test('data processing options are rejected rather than silently skipped', rejects, { flows: [{ filePattern: '/l/a', kinesisStream: 's', dataProcessingOptions: [{ optionName: 'LOGTOJSON' }] }] }, 'flows[0].dataProcessingOptions');
test('an agent.json without flows names flows', rejects, { 'kinesis.endpoint': 'http://x' }, 'flows');
test('a bad endpoint names kinesis.endpoint', rejects, { 'kinesis.endpoint': 'not a url', flows: [{ filePattern: '/l/a', kinesisStream: 's' }] }, 'kinesis.endpoint');
