import test from 'ava';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import type { RunState } from '../../cli/run-state.js';
import { AGENT_FLAGS, ENDPOINT_FLAGS } from '../../stack/process.js';
import { alive } from '../fixtures/processes.js';

const run = promisify(execFile);
const AWS_CLI = '/usr/bin/aws';

async function hosepipe(args: string[], cwd: string) {
  return run(process.execPath, [join(PACKAGE_ROOT, 'cli', 'bin.js'), ...args], { cwd, env: { ...process.env, HOSEPIPE_STATE_DIR: join(cwd, '.hosepipe') } });
}

// The README's own walkthrough: up, curl, flush, `aws s3 ls`, status, down — with real processes.
test('up -d starts the pipeline, a curl lands in the bucket, status counts it and down leaves no process behind', async (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'hosepipe-up-'));
  // Port 0: the endpoint binds a free port itself and nginx gets one (a port chosen beforehand could be taken by
  // another test file's server before hosepipe binds it); both are read back from the run state.
  writeFileSync(join(cwd, 'hosepipe.yaml'), 'name: uptest\nendpoint: { port: 0 }\nnginx: { listen: 127.0.0.1:0 }\n');
  t.teardown(async () => { await hosepipe(['down'], cwd).catch(() => undefined); });

  const up = await hosepipe(['up', '-d'], cwd);
  const state = JSON.parse(readFileSync(join(cwd, '.hosepipe', 'run', 'hosepipe.json'), 'utf8')) as RunState;
  const endpointPort = Number(new URL(state.endpoint).port);
  const nginxPort = Number(new URL(state.nginxUrl).port);
  t.true(endpointPort > 0 && nginxPort > 0, `${state.endpoint} ${state.nginxUrl}`);
  t.regex(up.stdout, new RegExp(`endpoint\\s+http://127\\.0\\.0\\.1:${endpointPort}\\s`));
  t.regex(up.stdout, new RegExp(`nginx\\s+http://127\\.0\\.0\\.1:${nginxPort}\\s`));
  t.regex(up.stdout, /bucket\s+s3:\/\/uptest-000000000000-us-east-1\//);
  const nodeFlags = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((arg) => arg.startsWith('--max-semi-space-size') || arg.startsWith('--heap-growing-percent') || arg === '--single-threaded-gc');
  t.deepEqual(nodeFlags(state.agentPid), AGENT_FLAGS, 'the agent runs with its young generation and heap-growing factor');
  t.deepEqual(nodeFlags(state.pid), ENDPOINT_FLAGS, 'the supervisor (the endpoint) with its own young generation, heap-growing factor and single-threaded collector');
  const mallocSettings = (pid: number) => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter((entry) => entry.startsWith('MALLOC_')).sort();
  t.deepEqual(mallocSettings(state.pid), ['MALLOC_ARENA_MAX=2', 'MALLOC_MMAP_THRESHOLD_=131072'], 'the supervisor (the endpoint) runs with two malloc arenas and a fixed mmap threshold');
  t.deepEqual(mallocSettings(state.agentPid), ['MALLOC_ARENA_MAX=2', 'MALLOC_MMAP_THRESHOLD_=131072'], 'so does the agent');

  // The partition is the request's day in Asia/Seoul: the day before the request or after the listing (they
  // differ when the run crosses midnight there, 15:00 UTC).
  const seoulDay = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date()).split('-');
  const dayBefore = seoulDay();
  const response = await fetch(`http://127.0.0.1:${nginxPort}/hello`);
  t.is(response.status, 200);
  await hosepipe(['flush'], cwd);

  const ls = await run(AWS_CLI, ['--endpoint-url', state.endpoint, 's3', 'ls', '--recursive', 's3://uptest-000000000000-us-east-1/'], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1' },
  });
  const days = [dayBefore, seoulDay()].map(([year, month, day]) => `year=${year}/month=${month}/day=${day}`);
  t.regex(ls.stdout, new RegExp(`kinesis/firehose/migration/(?:${days.join('|')})/hour=\\d\\d/uptest-to-s3-1-`));
  t.regex(ls.stdout, /kinesis\/firehose\/origin\/raw\/\d{4}\/\d\d\/\d\d\/\d\d\//);

  const status = await hosepipe(['status'], cwd);
  t.regex(status.stdout, /nginx\s+running\s+1 lines/);
  t.regex(status.stdout, /s3\s+uptest-000000000000-us-east-1\s+success 1 objects/);

  // `up` told the endpoint about nginx and the agent, so its pipeline view (and `top`) shows them.
  const top = await hosepipe(['top'], cwd);
  t.regex(top.stdout, new RegExp(`nginx\\s+http://127\\.0\\.0\\.1:${nginxPort}/\\s+1 lines`));
  t.regex(top.stdout, /agent\s+shipping\s+1 sent/);
  t.regex(top.stdout, /firehose\s+uptest-to-s3\s+1 delivered/);

  await hosepipe(['down'], cwd);
  t.false(existsSync(join(cwd, '.hosepipe', 'run', 'hosepipe.json')));
  for (const pid of [state.pid, state.nginxPid, state.agentPid]) t.false(alive(pid), `pid ${pid} is still running`);
});

test('up with an invalid hosepipe.yaml exits 1 with the field path and nothing left running', async (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'hosepipe-up-'));
  writeFileSync(join(cwd, 'hosepipe.yaml'), 'name: uptest\nfirehose: { buffering: { sizeMB: 0 } }\n');
  const error = await t.throwsAsync(hosepipe(['up', '-d'], cwd)) as unknown as { code: number; stderr: string };
  t.is(error.code, 1);
  t.regex(error.stderr, /hosepipe\.yaml: firehose\.buffering\.sizeMB: .*\(got 0\)/);
  t.false(existsSync(join(cwd, '.hosepipe', 'run', 'hosepipe.json')));
});

test('a usage error exits 2 with one line on stderr', async (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'hosepipe-up-'));
  const error = await t.throwsAsync(hosepipe(['launch'], cwd)) as unknown as { code: number; stderr: string };
  t.is(error.code, 2);
  t.is(error.stderr.trim().split('\n').length, 1);
});
