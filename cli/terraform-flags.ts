import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './flags.js';

type Flags = Record<string, string | boolean>;
type Lists = Record<string, string[]>;

/** A Terraform root and what to apply it with, from --terraform DIR, --var NAME=VALUE…, --var-file FILE… and --stream NAME. */
export interface TerraformFlags {
  dir: string;
  vars: Record<string, string>;
  varFiles: string[];
  stream?: string;
}

/** The root `command` was given; undefined without --terraform, when the other three are usage errors naming `needs`. */
export function terraformFlags(command: string, flags: Flags, lists: Lists, needs = 'give it with --terraform DIR'): TerraformFlags | undefined {
  if (typeof flags.terraform !== 'string') {
    const stray = ['var', 'var-file', 'stream'].find((name) => flags[name] !== undefined);
    if (stray) throw new UsageError(`${command}: --${stray} is for a Terraform root: ${needs}`);
    return undefined;
  }
  const dir = resolve(flags.terraform);
  if (!existsSync(dir)) throw new UsageError(`${command}: --terraform ${flags.terraform}: no such folder`);
  const vars: Record<string, string> = {};
  for (const entry of lists.var ?? []) {
    const equals = entry.indexOf('=');
    const name = equals < 0 ? '' : entry.slice(0, equals);
    if (!/^[A-Za-z_][\w-]*$/.test(name)) throw new UsageError(`${command}: --var must be NAME=VALUE with a Terraform variable name (got ${JSON.stringify(entry)})`);
    vars[name] = entry.slice(equals + 1);
  }
  const varFiles = (lists['var-file'] ?? []).map((file) => resolve(file));
  const missing = varFiles.find((file) => !existsSync(file));
  if (missing) throw new UsageError(`${command}: --var-file ${missing}: no such file`);
  return { dir, vars, varFiles, ...(typeof flags.stream === 'string' ? { stream: flags.stream } : {}) };
}
