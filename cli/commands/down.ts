import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from '../flags.js';
import { stateDir as resolveStateDir } from '../paths.js';
import { clearRunState, isAlive, NotRunningError, readRunState } from '../run-state.js';
import { downCompose, modeOf } from './compose.js';

const STOP_GRACE_MS = 20_000;

/** `hosepipe down`: stops the supervisor (which drains), then anything it left behind. */
export async function down(flags: Record<string, string | boolean>): Promise<number> {
  const state = resolveStateDir(flags);
  const running = readRunState(state);
  if (running?.compose || modeOf(flags) === 'compose') return downCompose(flags);
  if (flags.destroy === true && !running?.terraform) throw new UsageError('down: --destroy is for a pipeline started with `up --terraform` (it runs terraform destroy)');
  if (!running) {
    console.log('hosepipe is not running');
    return 0;
  }
  if (flags.destroy === true && running.terraform) {
    if (!isAlive(running.pid)) throw new NotRunningError('down --destroy runs terraform destroy against its endpoint: start it again with `hosepipe up --terraform`, then run down --destroy');
    // The agent first, so what it read reaches the stream while the stream is still there.
    await terminate(running.agentPid, STOP_GRACE_MS);
    // Light on purpose: down does not load the emulator.
    const { destroyTerraformRoot } = await import('../../stack/terraform-cli.js');
    try {
      await destroyTerraformRoot(running.terraform, running.endpoint, state, (line) => console.error(`hosepipe: ${line}`));
    } catch (error) {
      if (error instanceof Error && 'output' in error && typeof error.output === 'string' && error.output.trim() !== '') console.error(error.output.trimEnd());
      console.error('hosepipe: the endpoint and nginx keep running, so that down --destroy can be run again');
      throw error;
    }
  }
  await terminate(running.pid, STOP_GRACE_MS);
  // If the supervisor died without cleaning up, its children are still ours to stop.
  await terminate(running.agentPid, 5_000);
  await terminate(running.nginxPid, 5_000, 'SIGQUIT');
  clearRunState(state);
  console.log(running.terraform && flags.destroy !== true ? `hosepipe is down (the Terraform state in ${running.terraform.dir} stays: \`hosepipe up --terraform\` finds it again, \`down --destroy\` removes it)` : 'hosepipe is down');
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
