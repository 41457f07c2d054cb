import { readFile } from 'node:fs/promises';
import { agentHelp, parseAgentArgs, UsageError } from './cli-args.js';
import { startAgent, type RunningAgent } from './agent.js';
import { AgentConfigError, messageOf } from './errors.js';
import { readKinesisAgentConfig } from './kinesis-agent-config.js';
import { resolveAgentOptions, type AgentOptions } from './options.js';

// Process entry: exit 2 for usage or config errors (one stderr line), 1 for failures, 0 after a drain.
const stderr = (line: string): void => {
  process.stderr.write(`${new Date().toISOString()} hosepipe-agent ${line}\n`);
};

async function loadOptions(source: { kind: 'config' | 'agent-json'; path: string }, statusPort: number | undefined): Promise<AgentOptions[]> {
  const flag = source.kind === 'config' ? '--config' : '--agent-json';
  let json: unknown;
  try {
    json = JSON.parse(await readFile(source.path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${flag} ${source.path}: ${messageOf(error)}`);
  }
  const flows = source.kind === 'config' ? [json as AgentOptions] : readKinesisAgentConfig(json);
  return flows.map((flow, index) => {
    const withPort = { ...flow, statusPort: index === 0 ? (statusPort ?? flow.statusPort ?? 0) : (flow.statusPort ?? 0) };
    resolveAgentOptions(withPort);
    return withPort;
  });
}

async function main(): Promise<number> {
  let flows: AgentOptions[];
  try {
    const args = parseAgentArgs(process.argv.slice(2));
    if (args.kind === 'help') {
      process.stdout.write(agentHelp());
      return 0;
    }
    flows = await loadOptions(args.source, args.statusPort);
  } catch (error) {
    if (error instanceof UsageError || error instanceof AgentConfigError) {
      process.stderr.write(`hosepipe-agent: ${error.message}\n`);
      return 2;
    }
    throw error;
  }

  const controller = new AbortController();
  const agents: RunningAgent[] = [];
  let signals = 0;
  const onSignal = (name: string): void => {
    signals += 1;
    if (signals > 1) {
      stderr(`${name} again: exiting without draining; the checkpoint still covers every line not yet sent`);
      process.exit(1);
    }
    stderr(`${name}: draining (send what was read, write the checkpoint)`);
    controller.abort();
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  // SIGUSR2 sends what was read now rather than when its batch is full or old enough, as the admin API's flush does
  // for Firehose's buffers: for a bench or a test that has written its last line and wants it shipped.
  process.on('SIGUSR2', () => {
    stderr('SIGUSR2: flushing (send what was read, write the checkpoint)');
    for (const agent of agents) agent.flush().catch((error: unknown) => stderr(`flush failed: ${messageOf(error)}`));
  });
  watchParent(process.env.HOSEPIPE_PARENT_PID, () => onSignal('parent exit'));

  try {
    for (const flow of flows) {
      agents.push(await startAgent({ ...flow, signal: controller.signal, log: (line) => stderr(`[${flow.stream}] ${line}`) }));
    }
  } catch (error) {
    stderr(`failed to start: ${messageOf(error)}`);
    await Promise.allSettled(agents.map((agent) => agent.stop()));
    return error instanceof AgentConfigError ? 2 : 1;
  }
  const statusUrls = agents.map((agent) => agent.statusUrl);
  process.stdout.write(`ready ${JSON.stringify({ statusUrl: statusUrls[0], ...(statusUrls.length > 1 ? { statusUrls } : {}) })}\n`);

  if (!controller.signal.aborted) await new Promise((resolve) => controller.signal.addEventListener('abort', resolve, { once: true }));
  // abort already started each agent's stop(); stop() is idempotent, so this waits for the drains.
  const results = await Promise.allSettled(agents.map((agent) => agent.stop()));
  const failed = results.filter((result) => result.status === 'rejected');
  for (const failure of failed) stderr(`drain failed: ${messageOf((failure as PromiseRejectedResult).reason)}`);
  return failed.length > 0 ? 1 : 0;
}

/** A supervisor (hosepipe's CLI) passes HOSEPIPE_PARENT_PID so the agent drains and exits when it dies. */
function watchParent(pid: string | undefined, onGone: () => void): void {
  const parent = Number(pid);
  if (!pid || !Number.isInteger(parent) || parent <= 0) return;
  const timer = setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch (error) {
      // EPERM: it exists but belongs to someone else, so it is alive.
      if ((error as NodeJS.ErrnoException).code === 'EPERM') return;
      clearInterval(timer);
      onGone();
    }
  }, 1000);
  timer.unref();
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    stderr(`crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
