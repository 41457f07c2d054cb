import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createEdgeServer } from '../../emulator-shims/index.js';
import { destroyTerraformRoot, runTerraform, TerraformError, terraformWork, withTerraformOverride } from '../../stack/terraform-cli.js';
import { ROOT_LOCK_FILE, RootLockTimeoutError, withRootLock } from '../../stack/terraform-lock.js';
import { OVERRIDE_FILE } from '../../stack/terraform-override.js';
import { terraformEnv, terraformMissing } from './terraform-cli.js';

async function folder(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hosepipe-rootlock-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function lockText(pid: number, purpose: string): string {
  return `${JSON.stringify({ pid, host: hostname(), purpose, since: new Date().toISOString() })}\n`;
}

test('a second holder of a root\'s lock waits, told who holds it, and runs only once the first has finished', async (t) => {
  const dir = await folder(t);
  const order: string[] = [];
  let releaseFirst!: () => void;
  const firstMayEnd = new Promise<void>((resolve) => { releaseFirst = resolve; });
  let firstStarted!: () => void;
  const started = new Promise<void>((resolve) => { firstStarted = resolve; });
  const first = withRootLock(dir, 'first apply', async () => {
    order.push('first start');
    firstStarted();
    await firstMayEnd;
    order.push('first end');
  });
  await started;
  let waitMessage: string | undefined;
  const second = withRootLock(dir, 'second apply', async () => { order.push('second'); }, {
    onWait: (message) => {
      waitMessage = message;
      releaseFirst();
    },
  });
  await Promise.all([first, second]);
  t.deepEqual(order, ['first start', 'first end', 'second']);
  t.regex(waitMessage ?? '', new RegExp(`in use by pid ${process.pid} on .*\\(first apply\\)`));
  t.false(existsSync(join(dir, ROOT_LOCK_FILE)), 'the last holder removed the lock file');
});

test('a lock left by a process that no longer runs is taken over without waiting', async (t) => {
  const dir = await folder(t);
  const gone = spawnSync(process.execPath, ['-e', '']).pid!;
  await writeFile(join(dir, ROOT_LOCK_FILE), lockText(gone, 'terraform apply of a killed hosepipe'));
  let waited = false;
  const ran = await withRootLock(dir, 'apply', async () => JSON.parse(await readFile(join(dir, ROOT_LOCK_FILE), 'utf8')) as { pid: number }, { onWait: () => { waited = true; } });
  t.is(ran.pid, process.pid, 'the lock file names this process while it holds it');
  t.false(waited);
  t.false(existsSync(join(dir, ROOT_LOCK_FILE)));
});

test('a lock held by a running process is waited for, and the timeout names that process and the lock file', async (t) => {
  const dir = await folder(t);
  const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  t.teardown(() => { holder.kill(); });
  await writeFile(join(dir, ROOT_LOCK_FILE), lockText(holder.pid!, 'hosepipe up --terraform'));
  let ran = false;
  const error = await t.throwsAsync(withRootLock(dir, 'apply', async () => { ran = true; }, { timeoutMs: 300, pollMs: 50 }), { instanceOf: RootLockTimeoutError });
  t.false(ran);
  t.true(error!.message.includes(`pid ${holder.pid} on ${hostname()} (hosepipe up --terraform)`), error!.message);
  t.true(error!.message.includes(join(dir, ROOT_LOCK_FILE)), error!.message);
  t.true(existsSync(join(dir, ROOT_LOCK_FILE)), 'a live holder\'s lock is left alone');
});

test('the lock is released when the work throws and when Terraform is killed, and the override stays in the root', async (t) => {
  const dir = await folder(t);
  await t.throwsAsync(withTerraformOverride(dir, 'http://127.0.0.1:1', join(dir, 'state'), 'apply', async () => { throw new Error('boom'); }), { message: 'boom' });
  t.false(existsSync(join(dir, ROOT_LOCK_FILE)));
  const killed = join(dir, 'killed-terraform.sh');
  await writeFile(killed, '#!/bin/sh\nkill -9 $$\n');
  await chmod(killed, 0o755);
  const error = await t.throwsAsync(withTerraformOverride(dir, 'http://127.0.0.1:1', join(dir, 'state'), 'apply', () => runTerraform('apply', [], { dir, binary: killed })), { instanceOf: TerraformError });
  t.regex(error!.message, /killed by SIGKILL/);
  t.false(existsSync(join(dir, ROOT_LOCK_FILE)));
  t.true((await readFile(join(dir, OVERRIDE_FILE), 'utf8')).includes('"http://127.0.0.1:1"'));
});

const ROOT = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}
provider "aws" {
  region = "us-east-1"
}
variable "name" {
  type = string
}
resource "aws_kinesis_stream" "logs" {
  name        = var.name
  shard_count = 1
}
`;

if (terraformMissing) {
  test.skip(`concurrent applies of one root — skipped: ${terraformMissing}`, () => {});
} else {
  test('two stacks applying the same root folder at once each create their stream at their own endpoint, keep their own state, and destroy only their own', async (t) => {
    t.timeout(10 * 60_000, 'two terraform init, apply and destroy');
    const work = await folder(t);
    const dir = join(work, 'root');
    await mkdir(dir);
    await writeFile(join(dir, 'main.tf'), ROOT);
    const env = await terraformEnv(work);
    const stacks = await Promise.all(['alpha', 'beta'].map(async (name) => {
      const stateDir = join(work, `state-${name}`);
      const edge = await createEdgeServer({ port: 0, stateDir });
      t.teardown(() => edge.close());
      return { name, stateDir, edge, kinesis: new KinesisClient({ endpoint: edge.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() }) };
    }));
    const vars = (name: string) => ['-var', `name=${name}`];

    await Promise.all(stacks.map(({ name, stateDir, edge }) => withTerraformOverride(dir, edge.url, stateDir, 'terraform apply', async () => {
      const run = { dir, env: { ...env, ...terraformWork(stateDir).env } };
      await runTerraform('init', ['-reconfigure'], run);
      await runTerraform('apply', ['-auto-approve', ...vars(name)], run);
    })));

    for (const { name, stateDir, kinesis } of stacks) {
      t.deepEqual((await kinesis.send(new ListStreamsCommand({}))).StreamNames, [name], `${name}'s endpoint has its stream only`);
      const state = JSON.parse(await readFile(terraformWork(stateDir).statePath, 'utf8')) as { resources: { instances: { attributes: { name: string } }[] }[] };
      t.deepEqual(state.resources.flatMap((resource) => resource.instances.map((instance) => instance.attributes.name)), [name], `${name}'s state has its stream only`);
    }

    await Promise.all(stacks.map(({ name, stateDir, edge }) => destroyTerraformRoot({ dir, vars: { name }, env }, edge.url, stateDir)));
    for (const { name, kinesis } of stacks) t.deepEqual((await kinesis.send(new ListStreamsCommand({}))).StreamNames, [], `${name}'s stream destroyed at its endpoint`);
    t.false(existsSync(join(dir, ROOT_LOCK_FILE)));
    t.true(existsSync(join(dir, OVERRIDE_FILE)), 'the override stays for the user to read');
  });
}
