import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

// What the Terraform tests need from the machine: the binary and the AWS provider in an offline mirror.
export const PLUGIN_MIRROR = process.env.HOSEPIPE_TF_PLUGIN_MIRROR ?? '/opt/tf-plugins';
export const TERRAFORM = process.env.TERRAFORM ?? findOnPath('terraform');
// A CLI config of the user's own is used only when the file exists (an unset one may still be named).
const USER_CLI_CONFIG = process.env.TF_CLI_CONFIG_FILE !== undefined && existsSync(process.env.TF_CLI_CONFIG_FILE) ? process.env.TF_CLI_CONFIG_FILE : undefined;
const PROVIDER_PRESENT = existsSync(join(PLUGIN_MIRROR, 'registry.terraform.io', 'hashicorp', 'aws')) || USER_CLI_CONFIG !== undefined;

/** Why the Terraform tests cannot run here; undefined when they can. */
export const terraformMissing = TERRAFORM === undefined
  ? 'the terraform binary is not on PATH (or TERRAFORM)'
  : !PROVIDER_PRESENT ? `the AWS provider is not in ${PLUGIN_MIRROR} (set HOSEPIPE_TF_PLUGIN_MIRROR or TF_CLI_CONFIG_FILE)` : undefined;

export interface Run {
  code: number;
  output: string;
}

export function terraform(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(TERRAFORM!, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** Terraform's environment: offline, with the provider from the mirror unless the user's CLI config says otherwise. */
export async function terraformEnv(work: string): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
  if (USER_CLI_CONFIG === undefined) {
    const cliConfig = join(work, 'terraform.tfrc');
    await writeFile(cliConfig, [
      'provider_installation {',
      `  filesystem_mirror {\n    path    = ${JSON.stringify(PLUGIN_MIRROR)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }`,
      '  direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]\n  }',
      '}',
      '',
    ].join('\n'));
    env.TF_CLI_CONFIG_FILE = cliConfig;
  }
  return env;
}

function findOnPath(name: string): string | undefined {
  return (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name)).find((candidate) => existsSync(candidate));
}
