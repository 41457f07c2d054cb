/** One table of commands and flags; `--help` and parsing both come from it. */
export interface FlagSpec {
  name: string;
  short?: string;
  /** Takes a value (`--config FILE`) rather than being a switch. */
  value?: string;
  description: string;
}

export interface CommandSpec {
  name: string;
  summary: string;
  flags: FlagSpec[];
}

const CONFIG: FlagSpec = { name: 'config', short: 'c', value: 'FILE', description: 'pipeline definition (default ./hosepipe.yaml)' };
const STATE: FlagSpec = { name: 'state', value: 'DIR', description: 'state folder (default ./.hosepipe)' };
const TARGET: FlagSpec = { name: 'target', value: 'local|aws', description: 'the running local endpoint (default) or the AWS account of your credentials' };
const REGION: FlagSpec = { name: 'region', value: 'REGION', description: 'AWS region (default: AWS_REGION, then hosepipe.yaml)' };
const PROFILE: FlagSpec = { name: 'profile', value: 'NAME', description: 'AWS profile from ~/.aws/config (default: the SDK chain)' };
const YES: FlagSpec = { name: 'yes', short: 'y', description: 'do not ask for confirmation' };

export const COMMANDS: CommandSpec[] = [
  { name: 'up', summary: 'start the whole pipeline locally (endpoint, nginx, agent)', flags: [CONFIG, STATE, { name: 'detach', short: 'd', description: 'run in the background and return when ready' }] },
  { name: 'down', summary: 'stop everything `up` started', flags: [STATE] },
  { name: 'status', summary: 'show each stage and its counts', flags: [STATE] },
  { name: 'flush', summary: 'ship what nginx logged, then deliver every Firehose buffer to S3 now', flags: [STATE] },
  { name: 'plan', summary: 'show what deploy would change; exits 2 when there are changes', flags: [CONFIG, STATE, TARGET, REGION, PROFILE] },
  { name: 'deploy', summary: 'create or update the pipeline (prints the plan, asks first unless --yes)', flags: [CONFIG, STATE, TARGET, REGION, PROFILE, YES] },
  { name: 'apply', summary: 'deploy to the running local endpoint without asking (idempotent)', flags: [CONFIG, STATE] },
  { name: 'destroy', summary: 'remove what carries the pipeline tag, in reverse order', flags: [CONFIG, STATE, TARGET, REGION, PROFILE, YES, { name: 'empty-bucket', description: 'also delete the objects and the bucket' }] },
  { name: 'e2e', summary: 'run the scenario tests (scenarios/*.scenario.yaml)', flags: [] },
];

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ParsedCommand {
  command: CommandSpec;
  flags: Record<string, string | boolean>;
  positionals: string[];
}

/** Parses `hosepipe <command> [flags]`; unknown commands and flags are usage errors. */
export function parseArgs(argv: string[]): ParsedCommand | 'help' {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') return 'help';
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) throw new UsageError(`unknown command '${name}' (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
  const flags: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  for (let index = 0; index < rest.length; index++) {
    const arg = rest[index] ?? '';
    if (arg === '--help' || arg === '-h') return 'help';
    if (!arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const [key, inline] = arg.replace(/^--?/, '').split('=', 2) as [string, string | undefined];
    const spec = command.flags.find((flag) => flag.name === key || flag.short === key);
    if (!spec) throw new UsageError(`${command.name}: unknown flag '${arg}'`);
    if (!spec.value) {
      flags[spec.name] = true;
      continue;
    }
    const value = inline ?? rest[++index];
    if (value === undefined) throw new UsageError(`${command.name}: --${spec.name} needs a value (${spec.value})`);
    flags[spec.name] = value;
  }
  return { command, flags, positionals };
}

/** `hosepipe --help`, generated from the table. */
export function helpText(): string {
  const lines = ['usage: hosepipe <command> [flags]', '', 'commands:'];
  for (const command of COMMANDS) {
    lines.push(`  ${command.name.padEnd(9)} ${command.summary}`);
    for (const flag of command.flags) {
      const names = `${flag.short ? `-${flag.short}, ` : ''}--${flag.name}${flag.value ? ` ${flag.value}` : ''}`;
      lines.push(`      ${names.padEnd(22)} ${flag.description}`);
    }
  }
  return lines.join('\n');
}
