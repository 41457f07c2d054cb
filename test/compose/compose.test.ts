import test from 'ava';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BASE_IMAGES, freePort } from '../../stack/index.js';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import type { RunState } from '../../cli/run-state.js';
import { localS3Client } from '../../provision/index.js';
import { loadScenario, runScenario } from '../../scenarios/index.js';
import { readObjects, splitLines } from '../../scenarios/bucket.js';
import { eventuallyValue } from '../fixtures/eventually.js';

const run = promisify(execFile);

// The offline images `make compose-images` makes: no registry is reachable here, and CI's machine is the same.
const OFFLINE = { NODE_IMAGE: BASE_IMAGES.node.local, NGINX_IMAGE: BASE_IMAGES.nginx.local };

/** Why these tests cannot run here, or undefined. Under CI (.ci/run starts dockerd and makes the images) they always run. */
async function missing(): Promise<string | undefined> {
  if (process.env.CI) return undefined;
  try {
    await run('docker', ['info'], { timeout: 20_000 });
  } catch {
    return 'no Docker engine is reachable (`make test` and `make compose-images` start one as root)';
  }
  for (const image of Object.values(OFFLINE)) {
    if (!(await run('docker', ['image', 'inspect', image]).then(() => true, () => false))) return `${image} is missing (run \`make compose-images\`)`;
  }
  return undefined;
}

const why = await missing();
const composeTest = why ? test.serial.skip : test.serial;
// Listed among the skipped tests with the reason (`make test` starts the engine and makes the images where it can).
if (why) test.serial.skip(`compose tests skipped: ${why}`, () => {});

async function make(args: string[], env: NodeJS.ProcessEnv) {
  return run('make', ['-C', PACKAGE_ROOT, '--no-print-directory', ...args], { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
}

async function composeLeftovers(project: string): Promise<string[]> {
  const containers = (await run('docker', ['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}}'])).stdout;
  const networks = (await run('docker', ['network', 'ls', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Name}}'])).stdout;
  return `${containers}\n${networks}`.split('\n').filter(Boolean);
}

composeTest('make up MODE=compose runs the pipeline as containers: requests to nginx land as JSON and raw lines, status and audit read it, make down leaves nothing', async (t) => {
  // A first run builds the images (about a minute on 2 busy cores); later ones find them.
  t.timeout(10 * 60_000, 'make up MODE=compose, requests, flush, status, audit and make down');
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-compose-'));
  chmodSync(dir, 0o755);
  const project = `hosepipe-test-${Math.random().toString(36).slice(2, 8)}`;
  const endpointPort = await freePort();
  const nginxPort = await freePort();
  writeFileSync(join(dir, 'hosepipe.yaml'), `name: composetest\nendpoint: { port: ${endpointPort} }\nnginx: { listen: 127.0.0.1:${nginxPort} }\nagent: { maxBufferAgeMs: 200 }\n`);
  const env = { ...OFFLINE, HOSEPIPE_CONFIG: join(dir, 'hosepipe.yaml'), HOSEPIPE_STATE_DIR: join(dir, '.hosepipe'), HOSEPIPE_COMPOSE_PROJECT: project };
  const hosepipe = (args: string[]) => run(process.execPath, [join(PACKAGE_ROOT, 'cli', 'bin.js'), ...args], { env: { ...process.env, ...env } });
  t.teardown(async () => {
    await make(['down', 'MODE=compose', 'ARGS=--volumes'], env).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const started = performance.now();
  const up = await make(['up', 'MODE=compose'], env);
  t.log(`make up MODE=compose: ready after ${((performance.now() - started) / 1000).toFixed(1)} s`);
  t.regex(up.stdout, new RegExp(`endpoint\\s+http://127\\.0\\.0\\.1:${endpointPort}`));
  t.regex(up.stdout, new RegExp(`compose project ${project}`));
  const state = JSON.parse(readFileSync(join(dir, '.hosepipe', 'run', 'hosepipe.json'), 'utf8')) as RunState;
  t.is(state.nginxUrl, `http://127.0.0.1:${nginxPort}`);

  const paths = Array.from({ length: 20 }, (_, index) => `/compose/${index}?q=${index}`);
  for (const path of paths) t.is((await fetch(`${state.nginxUrl}${path}`)).status, 200);
  const flushed = await hosepipe(['flush']);
  t.regex(flushed.stdout, /flushed composetest-to-s3/);

  const s3 = localS3Client(state.endpoint, 'us-east-1');
  t.teardown(() => s3.destroy());
  const records = (await readObjects(s3, state.bucket, state.prefixes.success)).flatMap((object) =>
    splitLines(object.body).map((line) => ({ key: object.key, record: JSON.parse(line) as Record<string, unknown> })));
  t.deepEqual(records.map(({ record }) => `${String(record.uri)}`).sort(), paths.map((path) => path).sort());
  for (const { key, record } of records) {
    t.regex(key, /^kinesis\/firehose\/migration\/year=\d{4}\/month=\d\d\/day=\d\d\/hour=\d\d\/composetest-to-s3-1-/);
    t.is(record.status, 200);
    t.is(record.method, 'GET');
  }
  const raw = (await readObjects(s3, state.bucket, state.prefixes.backup!)).flatMap((object) => splitLines(object.body));
  t.deepEqual(raw.sort(), readFileSync(state.accessLog, 'utf8').split('\n').filter(Boolean).sort());

  const status = await hosepipe(['status']);
  t.regex(status.stdout, /nginx\s+running\/healthy\s+20 lines/);
  t.regex(status.stdout, /agent\s+running\s+20 lines read, 20 records sent/);
  t.regex(status.stdout, /s3\s+composetest-000000000000-us-east-1\s+success [1-9]\d* objects/);
  const audit = await hosepipe(['audit']);
  t.regex(audit.stdout, /audit: nothing missing/);

  await make(['down', 'MODE=compose', 'ARGS=--volumes'], env);
  t.false(existsSync(join(dir, '.hosepipe', 'run', 'hosepipe.json')));
  t.deepEqual(await composeLeftovers(project), [], 'no container or network of the project is left');
});

composeTest('a fault scenario runs on a compose stack of its own and every line is accounted for', async (t) => {
  t.timeout(10 * 60_000, 'a compose stack, the scenario, and its removal');
  const scenario = loadScenario(join(PACKAGE_ROOT, 'scenarios', 'putrecords-throttled-30-percent.scenario.yaml'));
  const suffix = Math.random().toString(36).slice(2, 8);
  Object.assign(process.env, OFFLINE);
  const result = await runScenario(scenario, { root: PACKAGE_ROOT, mode: 'compose', suffix });
  t.deepEqual(result.failures, []);
  t.true((result.observed?.faultHits ?? 0) > 0, 'the injected throttling fired');
  t.deepEqual(await composeLeftovers(`hosepipe-sc-${suffix}`), []);
});

composeTest('with endpoint.admin: false, the compose endpoint serves only AWS APIs: it comes up healthy, lines land in the bucket, and flush says the admin API is off', async (t) => {
  t.timeout(10 * 60_000, 'make up MODE=compose with the admin API off, a request, its object, make down');
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-compose-adminless-'));
  chmodSync(dir, 0o755);
  const project = `hosepipe-test-${Math.random().toString(36).slice(2, 8)}`;
  const endpointPort = await freePort();
  const nginxPort = await freePort();
  // No flush without the admin API: Firehose delivers after a second (dynamic partitioning takes no zero interval on AWS).
  writeFileSync(join(dir, 'hosepipe.yaml'), [
    'name: adminless',
    `endpoint: { port: ${endpointPort}, admin: false }`,
    `nginx: { listen: 127.0.0.1:${nginxPort} }`,
    'agent: { maxBufferAgeMs: 200 }',
    'firehose: { buffering: { sizeMB: 1, intervalSeconds: 1 }, processorBuffering: { sizeMB: 0.5, intervalSeconds: 1 } }',
    '',
  ].join('\n'));
  const env = { ...OFFLINE, HOSEPIPE_CONFIG: join(dir, 'hosepipe.yaml'), HOSEPIPE_STATE_DIR: join(dir, '.hosepipe'), HOSEPIPE_COMPOSE_PROJECT: project };
  t.teardown(async () => {
    await make(['down', 'MODE=compose', 'ARGS=--volumes'], env).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  await make(['up', 'MODE=compose'], env);
  const state = JSON.parse(readFileSync(join(dir, '.hosepipe', 'run', 'hosepipe.json'), 'utf8')) as RunState;
  const health = await fetch(`${state.endpoint}/_hosepipe/health`);
  t.true(health.status >= 400 && health.status < 500, `the admin path is not served (HTTP ${health.status})`);
  t.regex(await health.text(), /MissingAuthenticationToken|UnknownOperation|NotFound/);

  t.is((await fetch(`${state.nginxUrl}/adminless?q=1`)).status, 200);
  const s3 = localS3Client(state.endpoint, 'us-east-1');
  t.teardown(() => s3.destroy());
  const lines = await eventuallyValue('a line in the bucket\'s success prefix', async () => {
    const found = (await readObjects(s3, state.bucket, state.prefixes.success)).flatMap((object) => splitLines(object.body));
    return found.length > 0 ? found : undefined;
  }, { timeoutMs: 120_000, everyMs: 500 });
  t.deepEqual(lines.map((line) => (JSON.parse(line) as { uri: string }).uri), ['/adminless?q=1']);

  const flush = await run(process.execPath, [join(PACKAGE_ROOT, 'cli', 'bin.js'), 'flush'], { env: { ...process.env, ...env } }).then(() => undefined, (error: { code: number; stderr: string }) => error);
  t.is(flush?.code, 1);
  t.regex(flush?.stderr ?? '', /admin API off \(endpoint\.admin: false in hosepipe\.yaml/);
});
