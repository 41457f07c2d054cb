import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a running `hosepipe up` publishes for `down`, `status` and `flush`. */
export interface RunState {
  pid: number;
  endpoint: string;
  nginxUrl: string;
  nginxPid: number;
  accessLog: string;
  agentPid: number;
  agentStatusUrl?: string;
  bucket: string;
  deliveryStream: string;
  stream: string;
  prefixes: { success: string; error: string; backup: string | null };
  startedAt: string;
  readyMs: number;
  /** How `up` made the pipeline: from hosepipe.yaml (absent: embedded or compose) or by applying a Terraform root. */
  kind?: 'embedded' | 'terraform';
  /** The region of the stream and delivery stream (absent: hosepipe.yaml's). */
  region?: string;
  /** Every delivery stream reading the stream (`deliveryStream` is the first); absent: just that one. */
  deliveryStreams?: string[];
  /** Set by `up --terraform`: the root and how it was applied, for `down --destroy`. */
  terraform?: { dir: string; vars: Record<string, string>; varFiles: string[]; stream?: string };
  /** Set by `up --mode compose`: the stack is that compose project, and there are no pids to watch. */
  compose?: {
    project: string;
    configFile: string;
    /** The folder of the access log as the agent's container sees it (its status names files there). */
    agentLogDir: string;
  };
}

/** A command that needs the running local pipeline found none; says how to start it. */
export class NotRunningError extends Error {
  constructor(why: string) {
    super(`the local pipeline is not running: start it with \`make up\` (or \`npx hosepipe up -d\`)${why ? `; ${why}` : ''}`);
    this.name = 'NotRunningError';
  }
}

export function runStateFile(stateDir: string): string {
  return join(stateDir, 'run', 'hosepipe.json');
}

export function writeRunState(stateDir: string, state: RunState): void {
  const file = runStateFile(stateDir);
  writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
  renameSync(`${file}.tmp`, file);
}

export function readRunState(stateDir: string): RunState | undefined {
  const file = runStateFile(stateDir);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as RunState;
}

/** The running pipeline's state, or NotRunningError when there is none or its supervisor is gone. */
export function readRunningState(stateDir: string): RunState {
  const state = readRunState(stateDir);
  // A compose stack has no supervisor pid; `status` asks Docker about its containers.
  if (!state || (!state.compose && !isAlive(state.pid))) throw new NotRunningError(state ? `its supervisor (pid ${state.pid}) is gone` : '');
  return state;
}

export function clearRunState(stateDir: string): void {
  rmSync(runStateFile(stateDir), { force: true });
}

export function isAlive(pid: number): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
