import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { FROM_SOURCES } from './package-root.js';
import { AGENT_FLAGS, nodeFlags, processEnv, stopChild } from './process.js';

// The agent as this CLI runs: built JavaScript beside it in dist/, or its TypeScript through tsx in a checkout.
const AGENT_MAIN = FROM_SOURCES
  ? ['--import', 'tsx', fileURLToPath(new URL('../agent/main.ts', import.meta.url))]
  : [fileURLToPath(new URL('../agent/main.js', import.meta.url))];

export interface AgentProcessOptions {
  /** The agent's working folder (the repository or package root). */
  root: string;
  /** The agent's options file (AgentOptions as JSON), written by the caller's settings. */
  configFile: string;
  config: Record<string, unknown>;
  logFile: string;
  readyTimeoutMs?: number;
}

export interface StartedAgentProcess {
  readonly pid: number;
  readonly statusUrl: string | undefined;
  /** SIGTERM: the agent sends what it read, writes its checkpoint and exits 0. */
  stop(): Promise<void>;
  /** SIGKILL, for crash scenarios. */
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

/** Starts the shipping agent as a child process and waits for its `ready` line. */
export async function startAgentProcess(options: AgentProcessOptions): Promise<StartedAgentProcess> {
  writeFileSync(options.configFile, JSON.stringify(options.config, null, 2));
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child: ChildProcess = spawn(process.execPath, [...nodeFlags([], process.env.NODE_OPTIONS, AGENT_FLAGS), ...AGENT_MAIN, '--config', options.configFile], {
    cwd: options.root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...processEnv(), HOSEPIPE_PARENT_PID: String(process.pid) },
  });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const statusUrl = await new Promise<string | undefined>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`timed out after ${options.readyTimeoutMs ?? 15_000} ms waiting for the agent's ready line (log: ${options.logFile})`)), options.readyTimeoutMs ?? 15_000);
    lines.on('line', (line) => {
      log.write(`${line}\n`);
      if (!line.startsWith('ready')) return;
      clearTimeout(timer);
      try {
        resolve((JSON.parse(line.slice('ready'.length).trim() || '{}') as { statusUrl?: string }).statusUrl);
      } catch {
        resolve(undefined);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the agent exited with code ${code} before it was ready (log: ${options.logFile})`));
    });
  });
  return {
    pid: child.pid ?? 0,
    statusUrl,
    stop: () => stopChild(child, { signal: 'SIGTERM', graceMs: 15_000 }),
    kill: () => stopChild(child, { signal: 'SIGKILL', graceMs: 1_000 }),
    exited,
  };
}
