import test from 'ava';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import type { RunState } from '../../cli/run-state.js';
import { AGENT_FLAGS, ENDPOINT_FLAGS } from '../../stack/process.js';

const run = promisify(execFile);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

function commandLine(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
}

/** The pids of `pid`'s children (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
}

// A package root of its own (package.json, the repository's node_modules), so the built CLI finds its root above dist/.
test('npm run build compiles everything the command runs into dist/, and the pipeline runs from it without tsx', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'hosepipe-build-'));
  copyFileSync(join(PACKAGE_ROOT, 'package.json'), join(root, 'package.json'));
  symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(root, 'node_modules'));
  const dist = join(root, 'dist');
  const built = await run(process.execPath, ['--import', 'tsx', join(PACKAGE_ROOT, 'scripts', 'build.ts'), '--out', dist], { cwd: PACKAGE_ROOT });
  t.regex(built.stdout, /^built .* tsc, 2 entry points bundled \(\d+ files\), \d+ runtime files, lambda\/transform\.zip \(\d+ bytes\), web\/ \(the pipeline view\)$/m);

  const files = filesUnder(dist).map((file) => relative(dist, file));
  for (const expected of ['cli/bin.js', 'api/index.js', 'agent/main.js', 'emulator-shims/index.js', 'emulator-shims/lambda/runtime/node-bootstrap.mjs', 'emulator-shims/lambda/runtime/python-bootstrap.py', 'lambda/transform.zip', 'web/index.html', 'web/app.js', 'web/app.css', '.built']) {
    t.true(files.includes(expected), `dist/${expected}`);
  }
  t.deepEqual(files.filter((file) => /(?<!\.d)\.(ts|mts)$/.test(file)), [], 'no TypeScript left to transpile at run time (declarations only)');
  // The package's entry point (`import { startPipeline } from 'hosepipe'`) and its types.
  for (const expected of ['api/index.js', 'api/index.d.ts', 'api/start-pipeline.d.ts']) t.true(files.includes(expected), `dist/${expected}`);
  t.deepEqual(readdirSync(root).filter((name) => name.startsWith('dist.')), [], 'no half-built folder left beside dist/');
  t.true(readFileSync(join(dist, 'cli', 'bin.js'), 'utf8').startsWith('#!/usr/bin/env node\n'));
  // The CLI (the endpoint's supervisor too) and the agent are bundles: they import chunks of their own and Node's
  // modules, never tsc's one-file-per-module output; the packages they use are inside, but iam-data (data files beside it).
  for (const entry of ['cli/bin.js', 'agent/main.js']) {
    const imported = [...readFileSync(join(dist, entry), 'utf8').matchAll(/^(?:import|export)\b[^;]*?from\s*"([^"]+)"|^import\s*"([^"]+)"/gms)].map((match) => match[1] ?? match[2]);
    t.true(imported.length > 0, entry);
    t.deepEqual(imported.filter((specifier) => !specifier!.startsWith('node:') && !specifier!.startsWith('../chunks/')), [], entry);
  }
  const chunks = readdirSync(join(dist, 'chunks')).map((name) => readFileSync(join(dist, 'chunks', name), 'utf8')).join('\n');
  t.notRegex(chunks, /from\s*"(@aws-sdk|@smithy|zod|yaml)\//, 'the packages the processes use are bundled');

  const project = mkdtempSync(join(tmpdir(), 'hosepipe-build-project-'));
  // Port 0: free ports bound by hosepipe itself, none chosen beforehand that another test file's server could take first.
  writeFileSync(join(project, 'hosepipe.yaml'), 'name: builttest\nendpoint: { port: 0 }\nnginx: { listen: 127.0.0.1:0 }\n');
  const hosepipe = (args: string[]) => run(process.execPath, [join(dist, 'cli', 'bin.js'), ...args], { cwd: project, env: { ...process.env, HOSEPIPE_STATE_DIR: join(project, '.hosepipe') } });
  t.teardown(async () => { await hosepipe(['down']).catch(() => undefined); });
  await hosepipe(['up', '-d']);
  const state = JSON.parse(readFileSync(join(project, '.hosepipe', 'run', 'hosepipe.json'), 'utf8')) as RunState;
  t.is((await fetch(`${state.nginxUrl}/hello`)).status, 200);
  await hosepipe(['flush']);
  t.regex((await hosepipe(['status'])).stdout, /s3\s+builttest-000000000000-us-east-1\s+success 1 objects/);
  // The pipeline view's page comes from dist/web/, bundled at build time.
  const page = await fetch(`${state.endpoint}/_hosepipe/ui/app.js`);
  t.is(page.status, 200);
  t.is(await page.text(), readFileSync(join(dist, 'web', 'app.js'), 'utf8'));
  // Code the bundle loads at first use works from its chunk: a browser-form upload (PostObject's multipart parser).
  const bucket = 'builttest-000000000000-us-east-1';
  const signature = { 'x-amz-algorithm': 'AWS4-HMAC-SHA256', 'x-amz-credential': 'test/20260101/us-east-1/s3/aws4_request', 'x-amz-date': '20260101T000000Z', 'x-amz-signature': '0'.repeat(64) };
  const conditions = [{ bucket }, ['starts-with', '$key', 'form/'], ...Object.entries(signature).filter(([name]) => name !== 'x-amz-signature').map(([name, value]) => ({ [name]: value }))];
  const form = new FormData();
  for (const [name, value] of Object.entries({ key: 'form/${filename}', policy: Buffer.from(JSON.stringify({ expiration: new Date(Date.now() + 60_000).toISOString(), conditions })).toString('base64'), ...signature })) form.append(name, value);
  form.append('file', new Blob(['sent as a form']), 'upload.txt');
  const upload = await fetch(`${state.endpoint}/${bucket}`, { method: 'POST', body: form });
  t.is(upload.status, 204, await upload.text());
  // And the AWS target's STS client: without credentials, `plan --target aws` says how to give them.
  const bare = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('HOSEPIPE_')));
  const noCredentials = { ...bare, HOME: project, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: join(project, 'no-config'), AWS_SHARED_CREDENTIALS_FILE: join(project, 'no-credentials') };
  const refused = await run(process.execPath, [join(dist, 'cli', 'bin.js'), 'plan', '--target', 'aws'], { cwd: project, env: noCredentials }).then(() => undefined, (error: unknown) => error as { code: number; stderr: string });
  t.is(refused?.code, 1);
  t.regex(refused?.stderr ?? '', /^hosepipe: no AWS credentials \(Could not load credentials from any providers\)/m);

  // The endpoint's supervisor, the agent and the transform's Lambda instance all run dist/'s JavaScript.
  t.is(commandLine(state.pid), `${process.execPath} ${ENDPOINT_FLAGS.join(' ')} ${join(dist, 'cli', 'bin.js')} up --state ${join(project, '.hosepipe')} --config ${join(project, 'hosepipe.yaml')}`);
  t.is(commandLine(state.agentPid), `${process.execPath} ${AGENT_FLAGS.join(' ')} ${join(dist, 'agent', 'main.js')} --config ${join(project, '.hosepipe', 'agent', 'agent-options.json')}`);
  const lambda = childrenOf(state.pid).map(commandLine).filter((line) => line.includes('node-bootstrap'));
  t.is(lambda.length, 1, childrenOf(state.pid).map(commandLine).join('\n'));
  t.true(lambda[0]!.endsWith(join(dist, 'emulator-shims', 'lambda', 'runtime', 'node-bootstrap.mjs')), lambda[0]);
  for (const line of [commandLine(state.pid), commandLine(state.agentPid), ...lambda]) t.notRegex(line, /tsx/);
});
