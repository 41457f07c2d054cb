import test from 'ava';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import type { RunState } from '../../cli/run-state.js';
import { alive, exitOf } from '../fixtures/processes.js';

const run = promisify(execFile);

/**
 * A copy of the checkout (its files as git knows them, the same node_modules), so `npm pack` builds its dist/
 * there and never replaces the dist/ that other tests read.
 */
async function checkoutCopy(): Promise<string> {
  const copy = mkdtempSync(join(tmpdir(), 'hosepipe-checkout-'));
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: PACKAGE_ROOT, maxBuffer: 16 * 1024 * 1024 });
  for (const file of stdout.split('\0').filter(Boolean)) {
    if (!existsSync(join(PACKAGE_ROOT, file))) continue;
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(join(PACKAGE_ROOT, file), join(copy, file));
  }
  symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

const API_CONSUMER_JS = `import { existsSync } from 'node:fs';
import { startPipeline } from 'hosepipe';

const pipeline = await startPipeline({ config: { name: 'consumer' } });
try {
  const [answer] = await pipeline.send({ path: '/from-the-api', count: 2 });
  await pipeline.flush();
  const records = await pipeline.records();
  const audit = await pipeline.audit();
  await pipeline.stop();
  console.log(JSON.stringify({ status: answer.status, uris: records.map((record) => record.uri), passed: audit.passed, endpoint: pipeline.endpointUrl, stateLeft: existsSync(pipeline.stateDir) }));
} finally {
  await pipeline.stop();
}
`;

const API_CONSUMER_TS = `import { startPipeline, type Pipeline, type PipelineAudit, type SentResponse, type StartPipelineOptions } from 'hosepipe';
import { PutObjectCommand } from '@aws-sdk/client-s3';

const options: StartPipelineOptions = { config: { name: 'typed', firehose: { compression: 'GZIP' } }, keepState: false };
export async function check(): Promise<void> {
  await using pipeline: Pipeline = await startPipeline(options);
  const answers: SentResponse[] = await pipeline.send(['/a', { path: '/b', method: 'POST', body: 'x', count: 2 }]);
  await pipeline.flush();
  const records = await pipeline.records<{ uri: string; status: number }>();
  const uri: string | undefined = records[0]?.uri;
  const objects = await pipeline.objects(pipeline.prefixes.success);
  const size: number = objects[0]?.body.length ?? answers.length;
  await pipeline.clients.s3.send(new PutObjectCommand({ Bucket: pipeline.names.bucket, Key: 'k', Body: String(uri) + size }));
  const audit: PipelineAudit = await pipeline.audit({ drain: false });
  if (!audit.passed) throw new Error(audit.text + audit.report.outcome.missing.join());
}
`;

const API_WRONG_TS = `import { startPipeline } from 'hosepipe';

const pipeline = await startPipeline();
await pipeline.send(42);
const records = await pipeline.records<{ uri: string }>();
console.log(records[0]?.nope);
`;

// The acceptance: from a scratch folder, the packed hosepipe in a new project of a team's own.
test('npm pack, install into a new project, a script of the project runs startPipeline from \'hosepipe\' and a TypeScript file using it type-checks; init, up, a request to nginx, e2e, audit, deploy --target aws and down all work from the project', async (t) => {
  t.timeout(20 * 60_000);
  const scratch = mkdtempSync(join(tmpdir(), 'hosepipe-scratch-'));
  const checkout = await checkoutCopy();
  // prepack builds dist/ in the copy; the tarball holds what package.json's `files` names.
  const packed = await run('npm', ['pack', '--pack-destination', scratch, '--no-audit', '--no-fund'], { cwd: checkout, maxBuffer: 16 * 1024 * 1024 });
  const tarball = join(scratch, packed.stdout.trim().split('\n').at(-1)!);
  t.regex(tarball, /hosepipe-\d+\.\d+\.\d+\.tgz$/);
  const listing = (await run('tar', ['-tzf', tarball])).stdout;
  for (const file of ['package/dist/cli/bin.js', 'package/dist/api/index.js', 'package/dist/api/index.d.ts', 'package/dist/agent/main.js', 'package/dist/lambda/transform.zip', 'package/dist/emulator-shims/lambda/runtime/node-bootstrap.mjs', 'package/scripts/setup.sh']) {
    t.true(listing.includes(`${file}\n`), file);
  }
  t.notRegex(listing, /^package\/(test|bench|node_modules)\//m);
  t.notRegex(listing, /(?<!\.d)\.ts\n/, 'no TypeScript sources in the package (declarations only)');

  const project = join(scratch, 'team-repo');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'team-repo', version: '1.0.0', private: true }, null, 2)}\n`);
  writeFileSync(join(project, '.gitignore'), 'node_modules/\n');
  await run('npm', ['install', '--save-dev', '--no-audit', '--no-fund', tarball], { cwd: project, maxBuffer: 16 * 1024 * 1024 });
  t.truthy((JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> }).devDependencies?.hosepipe);

  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('HOSEPIPE_')));

  // The test API from the package's entry point, as a team's test would use it: plain JavaScript from the installed dist/.
  writeFileSync(join(project, 'api-consumer.mjs'), API_CONSUMER_JS);
  const api = await exitOf(run(process.execPath, ['api-consumer.mjs'], { cwd: project, env, maxBuffer: 16 * 1024 * 1024 }));
  t.is(api.code, 0, api.stdout + api.stderr);
  const seen = JSON.parse(api.stdout.trim().split('\n').at(-1)!) as { status: number; uris: string[]; passed: boolean; endpoint: string; stateLeft: boolean };
  t.deepEqual(seen, { status: 200, uris: ['/from-the-api', '/from-the-api'], passed: true, endpoint: seen.endpoint, stateLeft: false });
  t.regex(seen.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
  // A TypeScript consumer type-checks against the shipped declarations (every one of them: no skipLibCheck), and a wrong call does not.
  writeFileSync(join(project, 'api-consumer.mts'), API_CONSUMER_TS);
  writeFileSync(join(project, 'api-wrong.mts'), API_WRONG_TS);
  const tsc = (file: string) => exitOf(run(process.execPath, [join(PACKAGE_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--ignoreConfig', '--noEmit', '--strict', '--skipLibCheck', 'false', '--target', 'ES2022', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--types', 'node', '--typeRoots', join(PACKAGE_ROOT, 'node_modules', '@types'), file], { cwd: project, maxBuffer: 16 * 1024 * 1024 }));
  const typed = await tsc('api-consumer.mts');
  t.is(typed.code, 0, typed.stdout + typed.stderr);
  const wrong = await tsc('api-wrong.mts');
  t.not(wrong.code, 0);
  t.regex(wrong.stdout, /api-wrong\.mts\(\d+,\d+\): error TS2345: Argument of type 'number' is not assignable/);
  t.regex(wrong.stdout, /api-wrong\.mts\(\d+,\d+\): error TS2339: Property 'nope' does not exist/);
  const npx = (args: string[], extra: NodeJS.ProcessEnv = {}) => exitOf(run('npx', ['hosepipe', ...args], { cwd: project, env: { ...env, ...extra }, maxBuffer: 16 * 1024 * 1024 }));
  t.teardown(async () => { await npx(['down']); });

  const init = await npx(['init']);
  t.is(init.code, 0, init.stderr);
  for (const file of ['hosepipe.yaml', 'scenarios/example.scenario.yaml', 'hosepipe.mk', 'Makefile']) t.true(existsSync(join(project, file)), file);
  t.is(readFileSync(join(project, '.gitignore'), 'utf8'), "node_modules/\n# hosepipe's local state (logs, bucket, stream, checkpoints)\n.hosepipe/\n");
  t.regex(readFileSync(join(project, 'hosepipe.yaml'), 'utf8'), /^name: team-repo$/m);

  // Ports of this test's own: 4566 and 8080 may be taken on a shared machine. Port 0: free ones bound by hosepipe
  // itself (read back from the run state), none chosen beforehand that another test file's server could take first.
  const config = readFileSync(join(project, 'hosepipe.yaml'), 'utf8').replace(/port: 4566/, 'port: 0').replace(/127\.0\.0\.1:8080/, '127.0.0.1:0');
  writeFileSync(join(project, 'hosepipe.yaml'), config);

  const up = await npx(['up', '-d']);
  t.is(up.code, 0, up.stderr);
  t.regex(up.stdout, /bucket\s+s3:\/\/team-repo-000000000000-us-east-1\//);
  const state = JSON.parse(readFileSync(join(project, '.hosepipe', 'run', 'hosepipe.json'), 'utf8')) as RunState;
  // npx starts the bin link; the supervisor is the installed package's built CLI behind it (after node's flags).
  const script = readFileSync(`/proc/${state.pid}/cmdline`, 'utf8').split('\0').slice(1).find((arg) => !arg.startsWith('-'))!;
  t.is(realpathSync(script), realpathSync(join(project, 'node_modules', 'hosepipe', 'dist', 'cli', 'bin.js')));
  const response = await fetch(`${state.nginxUrl}/hello`);
  t.is(response.status, 200);

  const e2e = await npx(['e2e']);
  t.is(e2e.code, 0, e2e.stdout + e2e.stderr);
  t.regex(e2e.stdout, /✔ Example \(say what it proves, as a sentence\) \(example\.scenario\.yaml, [\d.]+ s\)/);
  t.regex(e2e.stdout, /^1 passed, 0 failed$/m);

  const audit = await npx(['audit']);
  t.is(audit.code, 0, audit.stdout + audit.stderr);
  t.regex(audit.stdout, /nothing missing/);

  // AWS as the SDK sees it, played by the running endpoint: the deploy reads the project's config and the shipped zip.
  const deploy = await npx(['deploy', '--target', 'aws', '--yes'], { AWS_ENDPOINT_URL: state.endpoint, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1' });
  t.is(deploy.code, 0, deploy.stdout + deploy.stderr);
  t.regex(deploy.stdout, /^Plan for AWS account 000000000000, us-east-1:/m);

  const down = await npx(['down']);
  t.is(down.code, 0, down.stderr);
  for (const pid of [state.pid, state.nginxPid, state.agentPid]) t.false(alive(pid), `pid ${pid} is still running`);
  t.true(existsSync(join(project, '.hosepipe', 'nginx', 'logs', 'access.log')), 'the state is in the project');
});
