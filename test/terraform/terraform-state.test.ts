import test from 'ava';
import { choosePipeline, readTerraformState, TerraformStateError } from '../../stack/index.js';
import { regionIn } from '../../stack/terraform-region.js';

const stream = (name: string) => ({ mode: 'managed', type: 'aws_kinesis_stream', values: { name, arn: `arn:aws:kinesis:eu-west-1:000000000000:stream/${name}` } });
const delivery = (name: string, source: string) => ({
  mode: 'managed', type: 'aws_kinesis_firehose_delivery_stream',
  values: {
    name, arn: `arn:aws:firehose:eu-west-1:000000000000:deliverystream/${name}`, destination: 'extended_s3',
    kinesis_source_configuration: [{ kinesis_stream_arn: `arn:aws:kinesis:eu-west-1:000000000000:stream/${source}`, role_arn: 'arn:aws:iam::000000000000:role/fh' }],
    extended_s3_configuration: [{ bucket_arn: 'arn:aws:s3:::logs', prefix: 'in/', error_output_prefix: 'err/', s3_backup_mode: 'Enabled', s3_backup_configuration: [{ prefix: 'raw/' }], role_arn: 'arn:aws:iam::000000000000:role/fh', processing_configuration: [{ enabled: true, processors: [{ type: 'Lambda', parameters: [{ parameter_name: 'LambdaArn', parameter_value: 'arn:fn' }] }] }] }],
  },
});
const show = { values: { root_module: { resources: [stream('a')], child_modules: [{ resources: [stream('b'), delivery('b-to-s3', 'b')] }] } } };

test('the state\'s streams and delivery streams are read from child modules too, with bucket, prefixes and processor parameters', (t) => {
  const state = readTerraformState(show);
  t.deepEqual(state.streams.map((entry) => entry.name), ['a', 'b']);
  t.like(state.deliveryStreams[0], { name: 'b-to-s3', region: 'eu-west-1', bucket: 'logs', prefix: 'in/', errorOutputPrefix: 'err/', backupPrefix: 'raw/', processors: [{ type: 'Lambda', parameters: { LambdaArn: 'arn:fn' } }] });
});

test('with several streams and no --stream the error lists them; --stream chooses one and its delivery streams', (t) => {
  const state = readTerraformState(show);
  t.throws(() => choosePipeline(state), { instanceOf: TerraformStateError, message: /2 Kinesis streams \(a, b\): choose the one the agent ships to with --stream NAME/ });
  t.throws(() => choosePipeline(state, 'c'), { message: '--stream c is not a Kinesis stream of the Terraform state; it has: a, b' });
  t.throws(() => choosePipeline(state, 'a'), { message: /no aws_kinesis_firehose_delivery_stream .* reads from the Kinesis stream a \(the state has b-to-s3\)/ });
  t.deepEqual(choosePipeline(state, 'b').deliveryStreams.map((entry) => entry.name), ['b-to-s3']);
  t.throws(() => choosePipeline(readTerraformState({ values: { root_module: {} } })), { message: /has no aws_kinesis_stream/ });
});

test('the region is the default aws provider\'s: a string, or a variable given or defaulted; an aliased provider is not it', (t) => {
  t.is(regionIn('provider "aws" {\n  alias = "us"\n  region = "us-east-1"\n}\nprovider "aws" {\n  region = "eu-west-1"\n  default_tags {\n    tags = { region = "x" }\n  }\n}\n'), 'eu-west-1');
  const withVar = 'variable "region" {\n  type = string\n  default = "ap-northeast-2"\n}\nprovider "aws" {\n  region = var.region\n}\n';
  t.is(regionIn(withVar), 'ap-northeast-2');
  t.is(regionIn(withVar, { region: 'eu-central-1' }), 'eu-central-1');
  t.is(regionIn('provider "aws" {\n  region = local.region\n}\n'), undefined);
});
