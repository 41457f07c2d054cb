import { appendFileSync, chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { main } from '../../cli/main.js';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import { writeRunState } from '../../cli/run-state.js';
import { startStack } from '../../stack/stack.js';
import { loadPipelineConfig } from '../../provision/index.js';
import { loadScenario, runScenario } from '../../scenarios/index.js';

/** Runs the CLI in-process and captures what it prints. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  const write = process.stderr.write.bind(process.stderr);
  console.log = (...args: unknown[]) => void out.push(args.join(' '));
  console.error = (...args: unknown[]) => void err.push(args.join(' '));
  process.stderr.write = ((chunk: string | Uint8Array) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, out: out.join('\n'), err: err.join('') };
  } finally {
    console.log = log;
    console.error = error;
    process.stderr.write = write;
  }
}

test.serial('scenario new writes a commented scenario that passes as generated', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-scenario-new-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const created = await run(['scenario', 'new', 'my-first-check', '--dir', dir]);
  t.is(created.code, 0, created.err);
  const file = join(dir, 'my-first-check.scenario.yaml');
  t.regex(readFileSync(file, 'utf8'), /^# A hosepipe scenario/);
  t.is((await run(['scenario', 'new', 'my-first-check', '--dir', dir])).code, 1, 'an existing file is kept without --force');
  t.is((await run(['scenario', 'new', 'Bad Name', '--dir', dir])).code, 2);
  const result = await runScenario(loadScenario(file), { root: PACKAGE_ROOT });
  t.deepEqual(result.failures, []);
});

test.serial('audit and load report on a running stack; audit exits 1 when a line is missing', async (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-commands-'));
  chmodSync(stateDir, 0o755);
  const configFile = join(stateDir, 'hosepipe.yaml');
  writeFileSync(configFile, `name: cmd-${Math.random().toString(36).slice(2, 8)}\nagent: { maxBufferAgeMs: 200 }\n`);
  const config = loadPipelineConfig(configFile);
  const stack = await startStack({ config, root: PACKAGE_ROOT, stateDir, endpointPort: 0, nginxPort: 0, artifactDir: join(stateDir, 'artifact') });
  t.teardown(async () => {
    await stack.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });
  writeRunState(stateDir, {
    pid: process.pid, endpoint: stack.endpoint.url, nginxUrl: stack.nginx.url, nginxPid: stack.nginx.pid, accessLog: stack.nginx.accessLog,
    agentPid: stack.agent.pid, ...(stack.agent.statusUrl ? { agentStatusUrl: stack.agent.statusUrl } : {}), bucket: stack.names.bucket,
    deliveryStream: stack.names.deliveryStream, stream: stack.names.stream, prefixes: stack.prefixes, startedAt: new Date().toISOString(), readyMs: 0,
  });
  const flags = ['--state', stateDir, '--config', configFile];

  const loaded = await run(['load', '--count', '200', '--concurrency', '4', ...flags]);
  t.is(loaded.code, 0, loaded.err);
  t.regex(loaded.out, /^pattern\s+status\s+parse\s+sent\s+delivered\s+failed\s+error rate/m);
  t.regex(loaded.out, /^normal\s+2xx\s+parsed\s+\d+\s+\d+\s+0\s+0\.0%/m);
  t.regex(loaded.out, /^total\s+200\s+200\s+0\s+0\.0%/m);
  t.regex(loaded.err, /200\/200 sent/);

  const streamed = await run(['load', '--to', 'stream', '--count', '50', ...flags]);
  t.regex(streamed.out, /^total\s+50\s+50\s+0\s+0\.0%/m, streamed.err);

  const clean = await run(['audit', ...flags]);
  t.is(clean.code, 0, clean.out);
  t.regex(clean.out, /written \(nginx access logs\)\s+200\b/);
  t.regex(clean.out, /audit: nothing missing/);

  // A line in the log that the agent has not shipped yet, audited without draining: missing.
  appendFileSync(stack.nginx.accessLog, '203.0.113.1 - - [10/Oct/2026:13:55:36 +0000] "GET /never-shipped HTTP/1.1" 200 1 "-" "-"\n');
  const missing = await run(['audit', '--no-drain', ...flags]);
  t.is(missing.code, 1);
  t.regex(missing.out, /missing: in none of success, error output or dropped \(1\), e\.g\.:\n {2}203\.0\.113\.1 .*never-shipped/);
});
