import test from 'ava';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetFunctionCommand, InvokeCommand, ListLayerVersionsCommand, PublishLayerVersionCommand } from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import { createEdgeServer } from '../../emulator-shims/index.js';
import {
  customTransformArtifact, customTransformOf, destroyPipeline, formatPlan, localTarget, parsePipelineConfig, provision, readLivePipeline, type PipelineConfig,
} from '../../provision/index.js';

// A Python function that imports one module from each of its layers; which layer answered shows the order.
const FUNCTION = [
  'from first_layer import FIRST',
  'from shared import WHO',
  'def lambda_handler(event, context):',
  '    return {"first": FIRST, "who": WHO}',
  '',
].join('\n');

function project(): { dir: string; write(path: string, text: string): void } {
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-layers-'));
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write('fn/lambda_function.py', FUNCTION);
  write('layers/first/python/first_layer.py', 'FIRST = "from the first layer"\n');
  write('layers/first/python/shared.py', 'WHO = "first"\n');
  // A zip layer: its shared.py comes later in the list, so it wins (a later layer's file overwrites).
  writeFileSync(join(dir, 'layers/second.zip'), zipSync({ 'python/shared.py': new TextEncoder().encode('WHO = "second"\n') }));
  return { dir, write };
}

async function setUp(t: { teardown(fn: () => Promise<void>): void }) {
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-layers-state-'));
  const edge = await createEdgeServer({ port: 0, stateDir });
  t.teardown(() => edge.close());
  return localTarget(edge.url, 'us-east-1');
}

function configOf(dir: string, name: string, layers: string[]): PipelineConfig {
  return parsePipelineConfig({ name, transform: { code: './fn', runtime: 'python3.12', layers }, firehose: { prefix: 'out/' } }, join(dir, 'hosepipe.yaml'));
}

const provisionWith = (target: ReturnType<typeof localTarget>, config: PipelineConfig) => provision(target, config, customTransformArtifact(customTransformOf(config)!));

test('transform.layers are published by provisioning and attached in order; a second apply with the same content changes nothing', async (t) => {
  const target = await setUp(t);
  const { dir } = project();
  const name = `ly-${Math.random().toString(36).slice(2, 8)}`;
  // An existing layer version, named by its ARN, goes in the list as it is.
  const existing = await target.clients.lambda.send(new PublishLayerVersionCommand({ LayerName: `${name}-shared-tools`, Content: { ZipFile: zipSync({ 'python/tools.py': new TextEncoder().encode('X = 1\n') }) } }));
  const config = configOf(dir, name, ['./layers/first', './layers/second.zip', existing.LayerVersionArn!]);

  const first = await provisionWith(target, config);
  t.deepEqual(first.plan.filter((change) => change.resource === 'layer').map((change) => `${change.action} ${change.name}`), [`create ${name}-first`, `create ${name}-second`]);
  const planText = formatPlan(first.plan);
  t.regex(planText, new RegExp(`\\+ layer ${name}-first\\n    version 1, CodeSha256 `));
  t.regex(planText, new RegExp(`layers ${name}-first:\\(new\\), ${name}-second:\\(new\\), ${name}-shared-tools:1`));
  const fn = await target.clients.lambda.send(new GetFunctionCommand({ FunctionName: `${name}-transform` }));
  t.deepEqual(fn.Configuration?.Layers?.map((layer) => layer.Arn), [
    `arn:aws:lambda:us-east-1:000000000000:layer:${name}-first:1`,
    `arn:aws:lambda:us-east-1:000000000000:layer:${name}-second:1`,
    existing.LayerVersionArn,
  ]);
  const answer = await target.clients.lambda.send(new InvokeCommand({ FunctionName: `${name}-transform`, Payload: new TextEncoder().encode('{}') }));
  t.is(answer.FunctionError, undefined, new TextDecoder().decode(answer.Payload));
  t.deepEqual(JSON.parse(new TextDecoder().decode(answer.Payload)), { first: 'from the first layer', who: 'second' });

  const second = await provisionWith(target, config);
  t.false(second.changed, formatPlan(second.plan));
  const versions = await target.clients.lambda.send(new ListLayerVersionsCommand({ LayerName: `${name}-first` }));
  t.deepEqual(versions.LayerVersions?.map((version) => version.Version), [1], 'no second version of unchanged content');
});

test('a layer whose content changed gets a new version, and the function moves to it', async (t) => {
  const target = await setUp(t);
  const { dir, write } = project();
  const name = `ly-${Math.random().toString(36).slice(2, 8)}`;
  const config = configOf(dir, name, ['./layers/first']);
  await provisionWith(target, config);
  write('layers/first/python/first_layer.py', 'FIRST = "changed"\n');
  write('layers/first/python/shared.py', 'WHO = "first, changed"\n');

  const changed = await provisionWith(target, config);
  t.deepEqual(changed.plan.filter((change) => change.action !== 'none').map((change) => `${change.resource}:${change.action}`), ['layer:update', 'function:update']);
  t.regex(formatPlan(changed.plan), new RegExp(`~ layer ${name}-first\\n    new version 2: content changed \\(CodeSha256 `));
  const fn = await target.clients.lambda.send(new GetFunctionCommand({ FunctionName: `${name}-transform` }));
  t.deepEqual(fn.Configuration?.Layers?.map((layer) => layer.Arn), [`arn:aws:lambda:us-east-1:000000000000:layer:${name}-first:2`]);
  const answer = await target.clients.lambda.send(new InvokeCommand({ FunctionName: `${name}-transform`, Payload: new TextEncoder().encode('{}') }));
  t.deepEqual(JSON.parse(new TextDecoder().decode(answer.Payload)), { first: 'changed', who: 'first, changed' });

  // Dropping the layer from hosepipe.yaml detaches it.
  const without = configOf(dir, name, []);
  const detached = await provisionWith(target, without);
  t.true(detached.plan.some((change) => change.resource === 'function' && change.details.some((line) => line.startsWith(`layers ${name}-first:2 → (none)`))), formatPlan(detached.plan));
  t.is((await target.clients.lambda.send(new GetFunctionCommand({ FunctionName: `${name}-transform` }))).Configuration?.Layers, undefined);
});

test('destroy deletes the layer versions provisioning published and keeps a version someone else published under the same name', async (t) => {
  const target = await setUp(t);
  const { dir } = project();
  const name = `ly-${Math.random().toString(36).slice(2, 8)}`;
  const config = configOf(dir, name, ['./layers/first']);
  const { desired } = await provisionWith(target, config);
  await target.clients.lambda.send(new PublishLayerVersionCommand({ LayerName: `${name}-first`, Description: 'by hand', Content: { ZipFile: zipSync({ 'x.txt': new Uint8Array([1]) }) } }));
  const report = await destroyPipeline(target, desired, await readLivePipeline(target, desired), { emptyBucket: true });
  t.true(report.deleted.includes(`layer arn:aws:lambda:us-east-1:000000000000:layer:${name}-first:1`), JSON.stringify(report));
  t.true(report.kept.some((line) => line.startsWith(`layer arn:aws:lambda:us-east-1:000000000000:layer:${name}-first:2 `)), JSON.stringify(report));
  const left = await target.clients.lambda.send(new ListLayerVersionsCommand({ LayerName: `${name}-first` }));
  t.deepEqual(left.LayerVersions?.map((version) => version.Version), [2]);
});
