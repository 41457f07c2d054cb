import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import type { RunState } from '../../cli/run-state.js';

const run = promisify(execFile);

async function hosepipe(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(PACKAGE_ROOT, 'cli', 'bin.js'), ...args], { cwd, env: { ...process.env, HOSEPIPE_STATE_DIR: join(cwd, '.hosepipe') } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// The whole cycle goes through the same target code as AWS; only the clients point at the local endpoint.
test('plan, deploy, plan, change a setting, deploy in place, destroy: the cycle against the local endpoint, IAM included', async (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'hosepipe-cycle-'));
  // Port 0: free ports bound by hosepipe itself, none chosen beforehand that another test file's server could take first.
  const config = (interval: number) => `name: cycle\nendpoint: { port: 0 }\nnginx: { listen: 127.0.0.1:0 }\nfirehose: { buffering: { sizeMB: 64, intervalSeconds: ${interval} } }\n`;
  writeFileSync(join(cwd, 'hosepipe.yaml'), config(60));
  t.teardown(async () => { await hosepipe(['down'], cwd); });
  t.is((await hosepipe(['up', '-d'], cwd)).code, 0);

  const clean = await hosepipe(['plan'], cwd);
  t.is(clean.code, 0, clean.stdout + clean.stderr);
  t.regex(clean.stdout, /= role cycle-firehose/);
  t.regex(clean.stdout, /No changes/);

  writeFileSync(join(cwd, 'hosepipe.yaml'), config(120));
  const changed = await hosepipe(['plan'], cwd);
  t.is(changed.code, 2);
  t.regex(changed.stdout, /~ deliveryStream cycle-to-s3\n\s+BufferingHints: .*"IntervalInSeconds":60.* → .*"IntervalInSeconds":120/);

  const refused = await hosepipe(['deploy'], cwd);
  t.is(refused.code, 2, 'a non-interactive deploy without --yes is a usage error');
  t.regex(refused.stderr, /pass --yes/);

  const deployed = await hosepipe(['deploy', '--yes'], cwd);
  t.is(deployed.code, 0, deployed.stderr);
  t.regex(deployed.stdout, /updating deliveryStream cycle-to-s3/);
  t.is((await hosepipe(['plan'], cwd)).code, 0);

  const state = JSON.parse(readFileSync(join(cwd, '.hosepipe', 'run', 'hosepipe.json'), 'utf8')) as RunState;
  const iam = new IAMClient({ endpoint: state.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() });
  t.truthy((await iam.send(new GetRoleCommand({ RoleName: 'cycle-firehose' }))).Role);

  const destroyed = await hosepipe(['destroy', '--empty-bucket'], cwd);
  t.is(destroyed.code, 0, destroyed.stderr);
  for (const resource of ['deliveryStream cycle-to-s3', 'function cycle-transform', 'stream cycle-access-logs', 'role cycle-firehose', 'role cycle-transform', 'bucket cycle-000000000000-us-east-1']) {
    t.regex(destroyed.stdout, new RegExp(`deleting ${resource}`));
  }
  await t.throwsAsync(iam.send(new GetRoleCommand({ RoleName: 'cycle-firehose' })), { name: 'NoSuchEntityException' });
  const empty = await hosepipe(['plan'], cwd);
  t.is(empty.code, 2);
  t.regex(empty.stdout, /\+ bucket cycle-000000000000-us-east-1/);
});
