import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../flags.js';
import { PACKAGE_ROOT, stateDir as resolveStateDir } from '../paths.js';
import { isAlive, NotRunningError, readRunState } from '../run-state.js';
import { withRootLock } from '../../stack/terraform-lock.js';
import { endpointOverride, OVERRIDE_FILE } from '../../stack/terraform-override.js';

type Flags = Record<string, string | boolean>;

const DEFAULT_DIR = join(PACKAGE_ROOT, 'terraform', 'examples', 'local');

/**
 * `hosepipe tf-local [--dir DIR] <terraform arguments>`: writes the provider endpoint override for
 * the running local stack into DIR (default terraform/examples/local) and runs terraform there
 * with the arguments unchanged; exits with terraform's exit code.
 */
export async function tfLocal(flags: Flags, args: string[]): Promise<number> {
  if (args.length === 0) throw new UsageError('tf-local: give the terraform arguments, e.g. `hosepipe tf-local plan`');
  const running = readRunState(resolveStateDir(flags));
  if (!running || !isAlive(running.pid)) throw new NotRunningError('tf-local points Terraform at the running endpoint');
  const dir = typeof flags.dir === 'string' ? resolve(flags.dir) : DEFAULT_DIR;
  if (!existsSync(dir)) throw new UsageError(`tf-local: --dir ${dir} does not exist`);
  // The root's lock, as `up --terraform` takes it: no other hosepipe rewrites the override while this Terraform runs.
  return withRootLock(dir, `tf-local ${args.join(' ')} against ${running.endpoint}`, () => {
    writeFileSync(join(dir, OVERRIDE_FILE), endpointOverride(running.endpoint));
    console.error(`tf-local: ${join(dir, OVERRIDE_FILE)} → ${running.endpoint}`);
    return runTerraform(args, dir);
  }, { onWait: (message) => console.error(`tf-local: ${message}`) });
}

function runTerraform(args: string[], cwd: string): Promise<number> {
  const binary = process.env.TERRAFORM ?? 'terraform';
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binary, args, { cwd, stdio: 'inherit', env: process.env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new Error(`tf-local: '${binary}' not found: install Terraform or set TERRAFORM to its path`, { cause: error }) : error);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolvePromise(code ?? (signal ? 1 : 0));
    });
  });
}
