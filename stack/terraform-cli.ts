import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { withRootLock } from './terraform-lock.js';
import { endpointOverride, localBackendOverride, OVERRIDE_FILE } from './terraform-override.js';

/** A Terraform root and how to apply it: what `hosepipe up --terraform` and `terraform:` in hosepipe.yaml name. */
export interface TerraformRoot {
  /** The root module's folder; hosepipe writes its endpoint override there and Terraform keeps its state there. */
  dir: string;
  vars?: Record<string, string>;
  varFiles?: string[];
  /** The Kinesis stream the agent ships to, when the state has several. */
  stream?: string;
  /** Added to Terraform's environment (TF_CLI_CONFIG_FILE for a provider mirror, ...). */
  env?: NodeJS.ProcessEnv;
}

export type TerraformStep = 'init' | 'apply' | 'show' | 'destroy';

/** A Terraform command failed: `output` is what Terraform printed, the message the one line saying which step. */
export class TerraformError extends Error {
  readonly step: TerraformStep;
  readonly output: string;
  constructor(step: TerraformStep, dir: string, detail: string, output: string, options?: { cause?: unknown }) {
    super(`terraform ${step} failed in ${dir} (${detail})${output.trim() === '' ? '' : ': Terraform\'s output is above'}`, options);
    this.name = 'TerraformError';
    this.step = step;
    this.output = output;
  }
}

export interface TerraformRun {
  dir: string;
  /** Added to this process's environment (TF_CLI_CONFIG_FILE, AWS_* ...). */
  env?: NodeJS.ProcessEnv;
  /** Default: TERRAFORM, else `terraform` on PATH. */
  binary?: string;
}

/** The -var and -var-file arguments, in the order given. */
export function variableArgs(vars: Record<string, string> = {}, varFiles: string[] = []): string[] {
  return [...Object.entries(vars).flatMap(([name, value]) => ['-var', `${name}=${value}`]), ...varFiles.flatMap((file) => ['-var-file', file])];
}

/** Runs one Terraform step in `run.dir` without color or prompts; resolves to its stdout, throws TerraformError with all it printed. */
export function runTerraform(step: TerraformStep, args: string[], run: TerraformRun): Promise<string> {
  const binary = run.binary ?? process.env.TERRAFORM ?? 'terraform';
  const input = step === 'show' ? [] : ['-input=false'];
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [step, ...input, '-no-color', ...args], {
      cwd: run.dir,
      env: { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', ...run.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const all: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      // show -json is one long line of JSON: kept out of the output an error shows.
      if (step !== 'show') all.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => all.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT'
        ? new TerraformError(step, run.dir, `'${binary}' not found: install Terraform or set TERRAFORM to its path`, '', { cause: error })
        : error);
    });
    child.on('close', (code, signal) => {
      if (code === 0) resolve(Buffer.concat(stdout).toString('utf8'));
      else reject(new TerraformError(step, run.dir, signal ? `killed by ${signal}` : `exit ${code}`, Buffer.concat(all).toString('utf8')));
    });
  });
}

/**
 * Where hosepipe keeps a root's Terraform files under its state folder: the state (a local backend) and
 * Terraform's data folder (TF_DATA_DIR: providers, modules, backend settings), so the root's own `.terraform`,
 * backend and state are left as they are and two state folders can apply the same root independently.
 */
export function terraformWork(stateDir: string): { statePath: string; env: NodeJS.ProcessEnv } {
  return { statePath: join(stateDir, 'terraform', 'terraform.tfstate'), env: { TF_DATA_DIR: join(stateDir, 'terraform', 'data') } };
}

/** Writes the override into the root: every service to `endpoint`, the state in hosepipe's state folder. */
export function writeTerraformOverride(dir: string, endpoint: string, stateDir: string): void {
  writeFileSync(join(dir, OVERRIDE_FILE), `${endpointOverride(endpoint)}\n${localBackendOverride(terraformWork(stateDir).statePath)}`);
}

/**
 * Writes the override into `dir` and runs `work` (the Terraform steps that read it) holding the root's lock, so
 * that another stack applying the same root cannot overwrite the override before this one's Terraform has run.
 */
export function withTerraformOverride<T>(dir: string, endpoint: string, stateDir: string, purpose: string, work: () => Promise<T>, log: (line: string) => void = () => {}): Promise<T> {
  return withRootLock(dir, `${purpose} against ${endpoint}`, async () => {
    writeTerraformOverride(dir, endpoint, stateDir);
    return work();
  }, { onWait: log });
}

/** `terraform destroy -auto-approve` of the root as applied with this state folder, against `endpoint` (the override is written again first). */
export async function destroyTerraformRoot(root: TerraformRoot, endpoint: string, stateDir: string, log: (line: string) => void = () => {}): Promise<void> {
  const dir = resolve(root.dir);
  const output = await withTerraformOverride(dir, endpoint, stateDir, 'terraform destroy', () => {
    log(`terraform destroy in ${dir}`);
    return runTerraform('destroy', ['-auto-approve', ...variableArgs(root.vars, root.varFiles)], { dir, env: { ...root.env, ...terraformWork(stateDir).env } });
  }, log);
  log(/^Destroy complete!.*$/m.exec(output)?.[0] ?? 'terraform destroy done');
}
