import { setTimeout as sleep } from 'node:timers/promises';
import { stateDir as resolveStateDir } from '../paths.js';
import { clearRunState, isAlive, readRunState } from '../run-state.js';
import { downCompose, modeOf } from './compose.js';

const STOP_GRACE_MS = 20_000;

/** `hosepipe down`: stops the supervisor (which drains), then anything it left behind. */
export async function down(flags: Record<string, string | boolean>): Promise<number> {
  const state = resolveStateDir(flags);
  const running = readRunState(state);
  if (running?.compose || modeOf(flags) === 'compose') return downCompose(flags);
  if (!running) {
    console.log('hosepipe is not running');
    return 0;
  }
  await terminate(running.pid, STOP_GRACE_MS);
  // If the supervisor died without cleaning up, its children are still ours to stop.
  await terminate(running.agentPid, 5_000);
  await terminate(running.nginxPid, 5_000, 'SIGQUIT');
  clearRunState(state);
  console.log('hosepipe is down');
  return 0;
}

async function terminate(pid: number, graceMs: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, signal);
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(25);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(10);
}
