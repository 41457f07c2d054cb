import test, { type ExecutionContext } from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { appendFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStream, duplicates, numberedLines, readAllLines, startKinesis, tempDir, uniqueName, waitFor } from './helpers.js';
import { waitForAgentShipped } from '../../stack/drain.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface AgentProcess {
  child: ChildProcess;
  statusUrl: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Runs agent/main.ts and waits for its `ready {...}` line. */
async function runAgentProcess(t: ExecutionContext, args: string[]): Promise<AgentProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'agent/main.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  // tsx compiles the agent as it starts: on a loaded machine that alone can take tens of seconds.
  await waitFor('the agent process to print its ready line', () => {
    if (child.exitCode !== null) throw new Error(`agent exited with ${child.exitCode}: ${stderr}`);
    return /^ready /m.test(stdout);
  }, 60_000);
  const ready = JSON.parse(/^ready (.*)$/m.exec(stdout)![1]!) as { statusUrl: string };
  return { child, statusUrl: ready.statusUrl, stderr: () => stderr, exited };
}

async function runToExit(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'agent/main.ts', ...args], { cwd: root });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const [code] = await once(child, 'exit') as [number | null];
  return { code, stdout, stderr };
}

async function status(url: string): Promise<{ linesRead: number; recordsSent: number; bytesBehind: number }> {
  return await (await fetch(url)).json() as { linesRead: number; recordsSent: number; bytesBehind: number };
}

async function setup(t: ExecutionContext, overrides: Record<string, unknown> = {}) {
  const kinesis = await startKinesis(t);
  const stream = uniqueName('main');
  await createStream(kinesis.client, stream, 2);
  const dir = await tempDir(t);
  const config = join(dir, 'agent-config.json');
  await writeFile(config, JSON.stringify({
    files: join(dir, 'access.log*'),
    stream,
    endpoint: kinesis.endpoint,
    region: 'us-east-1',
    checkpointFile: join(dir, 'checkpoint.json'),
    initialPosition: 'START_OF_FILE',
    pollIntervalMs: 20,
    ...overrides,
  }));
  return { ...kinesis, stream, dir, config, log: join(dir, 'access.log') };
}

test('SIGTERM drains what was read, exits 0, and everything is in the stream', async (t) => {
  // A buffer age far beyond the test: only the drain can send these lines.
  const { client, stream, config, log } = await setup(t, { maxBufferAgeMs: 600_000 });
  await writeFile(log, numberedLines('d', 1, 120).join(''));
  const agent = await runAgentProcess(t, ['--config', config]);
  await waitFor('the agent to read 120 lines', async () => (await status(agent.statusUrl)).linesRead === 120);
  agent.child.kill('SIGTERM');
  t.is(await agent.exited, 0, agent.stderr());
  t.deepEqual((await readAllLines(client, stream)).sort(), numberedLines('d', 1, 120).sort());
  t.regex(agent.stderr(), /SIGTERM: draining/);
});

test('POST /flush sends what was read at once and answers with the status; waitForAgentShipped asks for it, so a drain does not wait for the buffer age', async (t) => {
  // A buffer age far beyond the test: only a flush can send these lines while the agent runs.
  const { client, stream, config, log } = await setup(t, { maxBufferAgeMs: 600_000 });
  await writeFile(log, numberedLines('p', 1, 30).join(''));
  const agent = await runAgentProcess(t, ['--config', config]);
  await waitFor('the agent to read 30 lines', async () => (await status(agent.statusUrl)).linesRead === 30);
  t.is((await status(agent.statusUrl)).recordsSent, 0);
  const answer = await fetch(agent.statusUrl.replace(/status$/, 'flush'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  t.is(answer.status, 200);
  t.is(((await answer.json()) as { recordsSent: number }).recordsSent, 30, 'answered once Kinesis took the lines');
  t.deepEqual((await readAllLines(client, stream)).sort(), numberedLines('p', 1, 30).sort());
  // A drain's wait: these 10 lines would sit in the agent for ten minutes without its flush.
  await appendFile(log, numberedLines('p', 31, 40).join(''));
  await waitFor('the agent to read 40 lines', async () => (await status(agent.statusUrl)).linesRead === 40);
  const shipped = await waitForAgentShipped(agent.statusUrl, log, 60_000);
  t.is(shipped.recordsSent, 40);
  t.deepEqual((await readAllLines(client, stream)).sort(), numberedLines('p', 1, 40).sort());
  agent.child.kill('SIGTERM');
  t.is(await agent.exited, 0, agent.stderr());
});

test('SIGUSR2 sends what was read at once, before its batch is full or old enough, and the agent keeps running', async (t) => {
  // A buffer age far beyond the test: only the flush can send these lines while the agent runs.
  const { client, stream, config, log } = await setup(t, { maxBufferAgeMs: 600_000 });
  await writeFile(log, numberedLines('f', 1, 30).join(''));
  const agent = await runAgentProcess(t, ['--config', config]);
  await waitFor('the agent to read 30 lines', async () => (await status(agent.statusUrl)).linesRead === 30);
  t.is((await status(agent.statusUrl)).recordsSent, 0);
  agent.child.kill('SIGUSR2');
  await waitFor('the 30 lines to be sent', async () => (await status(agent.statusUrl)).recordsSent === 30);
  t.deepEqual((await readAllLines(client, stream)).sort(), numberedLines('f', 1, 30).sort());
  t.is(agent.child.exitCode, null, 'the agent is still running');
  // Lines after the flush wait for their own batch again.
  await appendFile(log, numberedLines('f', 31, 40).join(''));
  await waitFor('the agent to read 40 lines', async () => (await status(agent.statusUrl)).linesRead === 40);
  t.is((await status(agent.statusUrl)).recordsSent, 30);
  t.regex(agent.stderr(), /SIGUSR2: flushing/);
  agent.child.kill('SIGTERM');
  t.is(await agent.exited, 0, agent.stderr());
});

test('an agent killed with SIGKILL mid-stream and restarted loses nothing and repeats at most one batch', async (t) => {
  const { client, stream, config, log } = await setup(t, { maxBufferSizeRecords: 50, maxBufferAgeMs: 10 });
  const total = 3000;
  await writeFile(log, '');
  const first = await runAgentProcess(t, ['--config', config]);
  for (let from = 1; from <= total / 2; from += 100) await appendFile(log, numberedLines('k', from, from + 99).join(''));
  await waitFor('some batches to be accepted', async () => (await status(first.statusUrl)).recordsSent >= 200);
  first.child.kill('SIGKILL');
  await first.exited;
  for (let from = total / 2 + 1; from <= total; from += 100) await appendFile(log, numberedLines('k', from, from + 99).join(''));
  const second = await runAgentProcess(t, ['--config', config]);
  await waitFor(`all ${total} lines in the stream`, async () => new Set(await readAllLines(client, stream)).size === total, 60_000);
  await waitFor('the restarted agent to have nothing left to send', async () => (await status(second.statusUrl)).bytesBehind === 0);
  const lines = await readAllLines(client, stream);
  t.deepEqual([...new Set(lines)].sort(), numberedLines('k', 1, total).sort());
  const repeated = [...duplicates(lines).values()].reduce((sum, count) => sum + count - 1, 0);
  t.log(`${repeated} lines repeated after the SIGKILL`);
  t.true(repeated <= 50, `${repeated} lines were sent twice; at most one batch of 50 may be`);
  second.child.kill('SIGTERM');
  t.is(await second.exited, 0);
});

test('a bad config prints one line naming the field and exits 2', async (t) => {
  const { config } = await setup(t, { maxBufferSizeRecords: 1000 });
  const { code, stderr } = await runToExit(['--config', config]);
  t.is(code, 2);
  t.is(stderr.trim().split('\n').length, 1);
  t.regex(stderr, /invalid maxBufferSizeRecords: expected an integer from 1 to 500 \(got 1000\)/);
});

test('a bad agent.json field is named the way agent.json spells it', async (t) => {
  const dir = await tempDir(t);
  const agentJson = join(dir, 'agent.json');
  await writeFile(agentJson, JSON.stringify({ flows: [{ filePattern: '/var/log/nginx/access.log*', kinesisStream: 'bad stream name!' }] }));
  const { code, stderr } = await runToExit(['--agent-json', agentJson]);
  t.is(code, 2);
  t.regex(stderr, /invalid flows\[0\]\.kinesisStream/);
});

test('usage errors exit 2 and --help lists the flags', async (t) => {
  const missing = await runToExit([]);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /missing --config/);
  const help = await runToExit(['--help']);
  t.is(help.code, 0);
  for (const flag of ['--config', '--agent-json', '--status-port']) t.true(help.stdout.includes(flag));
});
