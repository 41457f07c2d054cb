import test from 'ava';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../../cli/flags.js';
import { ConfigError, parsePipelineConfig } from '../../provision/index.js';

test('terraform: in hosepipe.yaml needs no name, and its dir and varFiles are relative to the file', (t) => {
  const project = mkdtempSync(join(tmpdir(), 'hosepipe-tfconfig-'));
  mkdirSync(join(project, 'infra'));
  const config = parsePipelineConfig({ terraform: { dir: './infra', vars: { env: 'local' } } }, join(project, 'hosepipe.yaml'));
  t.deepEqual(config.terraform, { dir: join(project, 'infra'), vars: { env: 'local' }, varFiles: [] });
});

test('terraform: in hosepipe.yaml names each problem by its field: a missing folder or file, a variable name Terraform refuses, an unknown key', (t) => {
  const project = mkdtempSync(join(tmpdir(), 'hosepipe-tfconfig-'));
  const unknown = t.throws(() => parsePipelineConfig({ terraform: { dir: './nope', workspace: 'x' } }, join(project, 'hosepipe.yaml')), { instanceOf: ConfigError });
  t.regex(unknown?.message ?? '', /terraform: Unrecognized key: "workspace"/);
  const missing = t.throws(() => parsePipelineConfig({ terraform: { dir: './nope', vars: { '1x': 'a' }, varFiles: ['local.tfvars'] } }, join(project, 'hosepipe.yaml')), { instanceOf: ConfigError });
  t.regex(missing?.message ?? '', /terraform\.vars\.1x: must be a Terraform variable name/);
  t.regex(missing?.message ?? '', new RegExp(`terraform\\.dir: does not exist \\(looked for ${join(project, 'nope').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\)`));
  t.regex(missing?.message ?? '', /terraform\.varFiles\.0: does not exist/);
});

test('up takes --var and --var-file again and again, in order, and only the first = separates a flag from its value', (t) => {
  const parsed = parseArgs(['up', '--terraform', 'infra', '--var', 'a=1', '--var=b=x=y', '--var-file', 'one.tfvars', '--var-file=two.tfvars', '--stream', 's']);
  if (parsed === 'help') return t.fail();
  t.deepEqual(parsed.lists, { var: ['a=1', 'b=x=y'], 'var-file': ['one.tfvars', 'two.tfvars'] });
  t.like(parsed.flags, { terraform: 'infra', stream: 's' });
});
