import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import { runStateFile, type RunState } from '../../cli/run-state.js';
import { createEdgeServer, type EdgeServer, type FaultRuleInput } from '../../emulator-shims/index.js';
import { type Exit, exitOf } from '../fixtures/processes.js';

const run = promisify(execFile);

/**
 * The environment of a machine with no AWS credentials anywhere: no AWS_* variables, a HOME without ~/.aws,
 * and no instance metadata service to ask.
 */
function bareEnv(cwd: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('HOSEPIPE_')));
  return { ...env, HOME: cwd, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: join(cwd, 'no-config'), AWS_SHARED_CREDENTIALS_FILE: join(cwd, 'no-credentials'), HOSEPIPE_STATE_DIR: join(cwd, '.hosepipe'), ...extra };
}

function hosepipe(args: string[], cwd: string, env: NodeJS.ProcessEnv = bareEnv(cwd)): Promise<Exit> {
  return exitOf(run(process.execPath, [join(PACKAGE_ROOT, 'cli', 'bin.js'), ...args], { cwd, env }));
}

function project(config = 'name: errtest\n'): string {
  const cwd = mkdtempSync(join(tmpdir(), 'hosepipe-errors-'));
  writeFileSync(join(cwd, 'hosepipe.yaml'), config);
  return cwd;
}

/** An endpoint standing in for AWS (AWS_ENDPOINT_URL), answering `fault` as AWS would. */
async function fakeAws(t: { teardown(fn: () => Promise<void>): void }, fault: FaultRuleInput): Promise<EdgeServer> {
  const edge = await createEdgeServer({ port: 0, stateDir: mkdtempSync(join(tmpdir(), 'hosepipe-errors-edge-')), region: 'us-east-1' });
  t.teardown(() => edge.close());
  const response = await fetch(`${edge.url}/_hosepipe/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });
  if (response.status !== 201) throw new Error(`fault not accepted: ${await response.text()}`);
  return edge;
}

function awsEnv(cwd: string, edge: EdgeServer): NodeJS.ProcessEnv {
  // One attempt: the SDK's retries of a throttle would only make the test slower.
  return bareEnv(cwd, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_ENDPOINT_URL: edge.url, AWS_MAX_ATTEMPTS: '1' });
}

/** One line on stderr, no stack frame, exit 1. */
function assertOneLine(t: { is: (a: unknown, b: unknown, m?: string) => void; notRegex: (s: string, r: RegExp) => void }, result: Exit): string {
  t.is(result.code, 1, result.stderr);
  const lines = result.stderr.trimEnd().split('\n');
  t.is(lines.length, 1, result.stderr);
  t.notRegex(result.stderr, /^\s+at /m);
  return lines[0]!;
}

test('plan --target aws without credentials is one line naming the ways to give them', async (t) => {
  const cwd = project();
  const line = assertOneLine(t, await hosepipe(['plan', '--target', 'aws'], cwd));
  t.regex(line, /^hosepipe: no AWS credentials \(Could not load credentials from any providers\): give them as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
  t.regex(line, /--profile NAME or AWS_PROFILE/);
  t.regex(line, /instance or container role/);
});

test('make plan-aws without credentials fails with hosepipe exiting 1 and one line about credentials, no stack trace', async (t) => {
  const cwd = project();
  const env = bareEnv(cwd, { HOSEPIPE_CONFIG: join(cwd, 'hosepipe.yaml') });
  // Never reinstalling node_modules or rebuilding dist/ under the other tests' feet; the CLI from the sources.
  const make = ['-s', '--no-print-directory', '-o', 'node_modules/.package-lock.json', '-o', 'dist/.built', 'HOSEPIPE=node cli/bin.js', 'plan-aws'];
  const result = await exitOf(run('make', make, { cwd: PACKAGE_ROOT, env }));
  t.not(result.code, 0);
  const lines = result.stderr.trimEnd().split('\n');
  t.is(lines.length, 2, result.stderr);
  t.regex(lines[0]!, /^hosepipe: no AWS credentials .*AWS_ACCESS_KEY_ID/);
  // make[1] when the tests themselves run under make (make test).
  t.regex(lines[1]!, /^make(\[\d+\])?: \*\*\* \[Makefile:\d+: plan-aws\] Error 1$/);
  t.notRegex(result.stderr, /^\s+at /m);
});

test('--debug and HOSEPIPE_DEBUG=1 print the stack after the one line', async (t) => {
  const cwd = project();
  for (const [args, env] of [[['plan', '--target', 'aws', '--debug'], bareEnv(cwd)], [['plan', '--target', 'aws'], bareEnv(cwd, { HOSEPIPE_DEBUG: '1' })]] as const) {
    const result = await hosepipe([...args], cwd, env);
    t.is(result.code, 1);
    const lines = result.stderr.split('\n');
    t.regex(lines[0]!, /^hosepipe: no AWS credentials/);
    t.regex(lines[1]!, /^CredentialsProviderError: Could not load credentials/);
    t.regex(result.stderr, /^\s+at .*credential-provider/m);
  }
});

test('expired credentials are one line saying to refresh them', async (t) => {
  const cwd = project();
  const edge = await fakeAws(t, { service: 'sts', operation: 'GetCallerIdentity', error: 'ExpiredToken', status: 403, message: 'The security token included in the request is expired' });
  const line = assertOneLine(t, await hosepipe(['plan', '--target', 'aws'], cwd, awsEnv(cwd, edge)));
  t.is(line, 'hosepipe: the AWS credentials have expired (ExpiredToken: The security token included in the request is expired, on sts:GetCallerIdentity): refresh them (`aws sso login` for an SSO profile, or new AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN) and run it again');
});

test('AccessDenied is one line naming the action AWS refused', async (t) => {
  const cwd = project();
  const message = 'User: arn:aws:iam::000000000000:user/dev is not authorized to perform: kinesis:DescribeStreamSummary on resource: arn:aws:kinesis:us-east-1:000000000000:stream/errtest';
  const edge = await fakeAws(t, { service: 'kinesis', error: 'AccessDeniedException', message });
  const line = assertOneLine(t, await hosepipe(['plan', '--target', 'aws'], cwd, awsEnv(cwd, edge)));
  t.regex(line, /^hosepipe: AWS denied kinesis:DescribeStreamSummary \(AccessDeniedException: User: arn:aws:iam::000000000000:user\/dev is not authorized/);
  t.regex(line, /grant kinesis:DescribeStreamSummary to the identity you deploy with/);
});

test('a bare 403 from S3 is one line naming the S3 action of the call', async (t) => {
  const cwd = project();
  const edge = await fakeAws(t, { service: 's3', operation: 'HeadBucket', error: 'AccessDenied', status: 403 });
  const line = assertOneLine(t, await hosepipe(['plan', '--target', 'aws'], cwd, awsEnv(cwd, edge)));
  t.regex(line, /^hosepipe: AWS denied s3:ListBucket \(/);
});

test('throttling is one line naming the call and how to retry longer', async (t) => {
  const cwd = project();
  const edge = await fakeAws(t, { service: 'lambda', operation: 'GetFunction', error: 'TooManyRequestsException', message: 'Rate exceeded' });
  const line = assertOneLine(t, await hosepipe(['plan', '--target', 'aws'], cwd, awsEnv(cwd, edge)));
  t.is(line, 'hosepipe: AWS is throttling lambda:GetFunction (TooManyRequestsException: Rate exceeded, still after 1 attempts): wait a minute and run it again; AWS_MAX_ATTEMPTS=10 makes the SDK retry longer');
});

test('an empty region is one line naming where a region comes from', async (t) => {
  const cwd = project();
  const line = assertOneLine(t, await hosepipe(['plan', '--target', 'aws'], cwd, bareEnv(cwd, { AWS_REGION: '' })));
  t.is(line, 'hosepipe: no AWS region (AWS_REGION is empty): pass --region, set AWS_REGION, or set region in hosepipe.yaml');
});

test('commands for the local pipeline say how to start it when it is not running', async (t) => {
  const cwd = project();
  for (const command of ['plan', 'flush', 'audit']) {
    const line = assertOneLine(t, await hosepipe([command], cwd));
    t.regex(line, /^hosepipe: the local pipeline is not running: start it with `make up` \(or `npx hosepipe up -d`\)/, command);
  }
});

test('a local endpoint that does not answer is one line saying to start it', async (t) => {
  const cwd = project();
  // Port 2: privileged and below the ephemeral range, so no other test's server is given it (a port free a moment
  // ago could be taken before the commands connect, and they would reach that server); port 1 is one fetch refuses.
  const port = 2;
  // A run state whose supervisor looks alive (this test's own pid) but whose endpoint is gone.
  const state: RunState = {
    pid: process.pid, endpoint: `http://127.0.0.1:${port}`, nginxUrl: 'http://127.0.0.1:1', nginxPid: 0, accessLog: join(cwd, 'access.log'), agentPid: 0,
    bucket: 'errtest-000000000000-us-east-1', deliveryStream: 'errtest-to-s3', stream: 'errtest', prefixes: { success: 'a/', error: 'b/', backup: null }, startedAt: new Date().toISOString(), readyMs: 1,
  };
  mkdirSync(join(cwd, '.hosepipe', 'run'), { recursive: true });
  writeFileSync(runStateFile(join(cwd, '.hosepipe')), JSON.stringify(state));
  for (const command of ['plan', 'flush']) {
    const line = assertOneLine(t, await hosepipe([command], cwd));
    t.is(line, `hosepipe: nothing answers at 127.0.0.1:${port} (the local endpoint is not running): start it with \`make up\` (or \`npx hosepipe up -d\`)`, command);
  }
});

async function holdPort(t: { teardown(fn: () => void): void }): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  return (server.address() as { port: number }).port;
}

test('up with the endpoint port taken is one line naming the port and the setting', async (t) => {
  const held = await holdPort(t);
  // The other port 0: nothing chosen beforehand that another test file's server could take first.
  const cwd = project(`name: errtest\nendpoint: { port: ${held} }\nnginx: { listen: 127.0.0.1:0 }\n`);
  const line = assertOneLine(t, await hosepipe(['up', '-d'], cwd));
  t.is(line, `hosepipe: port ${held} on 127.0.0.1 is in use (another \`hosepipe up\`? LocalStack?): stop what holds it (\`make down\`, or find it with \`ss -ltnp\`), or choose another port with endpoint.port in hosepipe.yaml (log: ${join(cwd, '.hosepipe', 'logs', 'hosepipe.log')})`);
});

test('up with the nginx port taken is one line naming the port and nginx.listen, and leaves nothing running', async (t) => {
  const held = await holdPort(t);
  const cwd = project(`name: errtest\nendpoint: { port: 0 }\nnginx: { listen: 127.0.0.1:${held} }\n`);
  t.teardown(async () => { await hosepipe(['down'], cwd); });
  const line = assertOneLine(t, await hosepipe(['up'], cwd));
  t.is(line, `hosepipe: port ${held} on 127.0.0.1 is in use (another \`hosepipe up\`? LocalStack?): stop what holds it (\`make down\`, or find it with \`ss -ltnp\`), or choose another port with nginx.listen in hosepipe.yaml`);
});

test('an error hosepipe does not recognise is still one line, pointing at --debug', async (t) => {
  const cwd = project();
  // A state file that is not JSON: nothing hosepipe explains on its own.
  mkdirSync(join(cwd, '.hosepipe', 'run'), { recursive: true });
  writeFileSync(runStateFile(join(cwd, '.hosepipe')), '{not json');
  const line = assertOneLine(t, await hosepipe(['status'], cwd));
  t.regex(line, /^hosepipe: SyntaxError: .* \(run with --debug for the stack\)$/);
});
