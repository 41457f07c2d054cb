import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { ConfigError, customTransformArtifact, customTransformOf, desiredPipeline, parsePipelineConfig } from '../../provision/index.js';

function teamFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-team-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function problem(transform: Record<string, unknown>, base: string): string {
  const error = (() => {
    try {
      parsePipelineConfig({ name: 'weblogs', transform }, join(base, 'hosepipe.yaml'));
    } catch (caught) {
      return caught;
    }
    return undefined;
  })();
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError for ${JSON.stringify(transform)}`);
  return error.issues.join('\n');
}

test('transform.code names the team\'s function: relative to hosepipe.yaml, with its runtime, handler and environment', (t) => {
  const dir = teamFolder({ 'fn/lambda_function.py': 'def lambda_handler(event, context):\n    return event\n' });
  const config = parsePipelineConfig({ name: 'weblogs', transform: { code: './fn', runtime: 'python3.12', environment: { OUTPUT_BUCKET: 'b' } } }, join(dir, 'hosepipe.yaml'));
  t.deepEqual(customTransformOf(config), { code: join(dir, 'fn'), runtime: 'python3.12', handler: 'lambda_function.lambda_handler', environment: { OUTPUT_BUCKET: 'b' }, layers: [] });
  t.is(customTransformOf(parsePipelineConfig({ name: 'weblogs' })), undefined);
});

test('each bad transform setting is one line naming the field and what AWS would say', (t) => {
  const dir = teamFolder({ 'fn/app.py': 'def handle(event, context):\n    return event\n', 'node/index.mjs': 'export const handler = async () => 1;\n' });
  t.is(problem({ code: './missing', runtime: 'python3.12' }, dir), `transform.code: does not exist (looked for ${join(dir, 'missing')}): name a source folder, a single file or a zip (got "./missing")`);
  t.regex(problem({ code: './fn', runtime: 'python3.7', handler: 'app.handle' }, dir), /^transform\.runtime: python3\.7 is no longer accepted by AWS Lambda \(InvalidParameterValueException: The runtime parameter of python3\.7 is no longer supported for creating or updating AWS Lambda functions\. We recommend you use the new runtime \(python3\.13\)/);
  t.regex(problem({ code: './node', runtime: 'nodejs16.x' }, dir), /^transform\.runtime: nodejs16\.x is no longer accepted by AWS Lambda .*\(nodejs22\.x\)/);
  t.regex(problem({ code: './fn', runtime: 'python3.12', handler: 'app.lambda_handler' }, dir), /^transform\.handler: "app\.lambda_handler": app\.py defines no lambda_handler \(Lambda would answer Runtime\.HandlerNotFound: Handler 'lambda_handler' missing on module 'app'\)/);
  t.regex(problem({ code: './fn', runtime: 'python3.12' }, dir), /^transform\.handler: "lambda_function\.lambda_handler" names module lambda_function, but there is no lambda_function\.py/);
  t.regex(problem({ code: './node', runtime: 'nodejs20.x', handler: 'index.main' }, dir), /^transform\.handler: "index\.main": index\.mjs exports no main/);
  t.regex(problem({ code: './fn' }, dir), /^transform\.runtime: is required with transform\.code/);
});

test('a folder zips to the same bytes every time, without __pycache__, so local and AWS run one artifact', (t) => {
  const dir = teamFolder({ 'lambda_function.py': 'def lambda_handler(e, c):\n    return e\n', 'lib/helper.py': 'X = 1\n', '__pycache__/x.pyc': 'junk' });
  const transform = { code: dir, runtime: 'python3.12', handler: 'lambda_function.lambda_handler', environment: {}, layers: [] };
  const first = customTransformArtifact(transform);
  const second = customTransformArtifact(transform);
  t.is(first.sha256, second.sha256);
  t.deepEqual(first.zip, second.zip);
  t.false(Buffer.from(first.zip).includes(Buffer.from('__pycache__')));
  t.true(Buffer.from(first.zip).includes(Buffer.from('lib/helper.py')));
});

test('transform.layers resolve relative to hosepipe.yaml, and each bad entry is one line naming it', (t) => {
  const dir = teamFolder({ 'fn/lambda_function.py': 'def lambda_handler(e, c):\n    return e\n', 'layers/deps/python/dep.py': 'X = 1\n', 'layers/notes.txt': 'x', 'other/deps/python/d.py': '' });
  const arn = 'arn:aws:lambda:us-east-1:123456789012:layer:shared:3';
  const config = parsePipelineConfig({ name: 'weblogs', transform: { code: './fn', runtime: 'python3.12', layers: ['./layers/deps', arn] } }, join(dir, 'hosepipe.yaml'));
  t.deepEqual(config.transform.layers, [join(dir, 'layers/deps'), arn]);
  const base = { code: './fn', runtime: 'python3.12' };
  t.is(problem({ ...base, layers: ['./layers/missing'] }, dir), `transform.layers.0: does not exist (looked for ${join(dir, 'layers/missing')}): name a layer folder, a layer zip, or a layer version ARN (got "./layers/missing")`);
  t.regex(problem({ ...base, layers: ['./layers/notes.txt'] }, dir), /^transform\.layers\.0: is a file that is not a zip/);
  t.regex(problem({ ...base, layers: ['./layers/deps', 'arn:aws:lambda:us-east-1:123456789012:layer:shared'] }, dir), /^transform\.layers\.1: is not a layer version ARN/);
  t.regex(problem({ ...base, layers: Array.from({ length: 6 }, () => arn) }, dir), /^transform\.layers: Cannot reference more than 5 layers\. \(AWS Lambda's limit\)/);
  t.regex(problem({ ...base, layers: ['./layers/deps', './other/deps'] }, dir), /^transform\.layers: two layers would both be published as <name>-deps/);
  t.regex(problem({ layers: ['./layers/deps'] }, dir), /^transform\.layers: is only used with transform\.code/);
});

test('${bucket}, ${region} and ${accountId} in the function\'s environment name the pipeline\'s own, locally and in any account', (t) => {
  const dir = teamFolder({ 'fn/lambda_function.py': 'def lambda_handler(e, c):\n    return e\n' });
  const config = parsePipelineConfig({ name: 'weblogs', region: 'eu-west-1', transform: { code: './fn', runtime: 'python3.12', environment: { OUTPUT_BUCKET: '${bucket}', WHERE: '${region}/${accountId}', OTHER: '${keep}' } } }, join(dir, 'hosepipe.yaml'));
  const artifact = customTransformArtifact(customTransformOf(config)!);
  t.deepEqual(desiredPipeline(config, { accountId: '123456789012', region: 'eu-west-1' }, artifact).transform.environment, { OUTPUT_BUCKET: 'weblogs-123456789012-eu-west-1', WHERE: 'eu-west-1/123456789012', OTHER: '${keep}' });
  t.is(desiredPipeline(config, { accountId: '000000000000', region: 'eu-west-1' }, artifact).transform.environment.OUTPUT_BUCKET, 'weblogs-000000000000-eu-west-1');
});

test('transform.policyStatements join the function\'s role policy with ${bucket} and ${partition} expanded, only with transform.code', (t) => {
  const dir = teamFolder({ 'fn/lambda_function.py': 'def lambda_handler(e, c):\n    return e\n' });
  const statement = { Sid: 'WriteParsed', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:${partition}:s3:::${bucket}/team/parsed/*' };
  const config = parsePipelineConfig({ name: 'weblogs', transform: { code: './fn', runtime: 'python3.12', policyStatements: [statement] } }, join(dir, 'hosepipe.yaml'));
  const artifact = customTransformArtifact(customTransformOf(config)!);
  const role = desiredPipeline(config, { accountId: '123456789012', region: 'cn-north-1', partition: 'aws-cn' }, artifact).roles.find((candidate) => candidate.name === 'weblogs-transform')!;
  t.deepEqual(role.policy.Statement.map((entry) => entry.Sid), ['OwnLogGroupOnly', 'WriteParsed']);
  t.is(role.policy.Statement[1]!.Resource, 'arn:aws-cn:s3:::weblogs-123456789012-cn-north-1/team/parsed/*');
  t.regex(problem({ policyStatements: [statement] }, dir), /^transform\.policyStatements: is only used with transform\.code/);
  t.regex(problem({ code: './fn', runtime: 'python3.12', policyStatements: [{ Effect: 'Allow', Action: 's3:PutObject' }] }, dir), /^transform\.policyStatements\.0\.Resource: /);
});
