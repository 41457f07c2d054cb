/** One table of commands and flags; `--help` and parsing both come from it. */
export interface FlagSpec {
  name: string;
  short?: string;
  /** Takes a value (`--config FILE`) rather than being a switch. */
  value?: string;
  /** May be given several times (`--var a=1 --var b=2`); the values, in order, are in ParsedCommand.lists. */
  repeatable?: boolean;
  description: string;
}

export interface CommandSpec {
  name: string;
  summary: string;
  flags: FlagSpec[];
  /** Arguments from the first one that is not this command's own flag are passed through unparsed. */
  passThrough?: boolean;
}

const CONFIG: FlagSpec = { name: 'config', short: 'c', value: 'FILE', description: 'pipeline definition (default ./hosepipe.yaml)' };
const STATE: FlagSpec = { name: 'state', value: 'DIR', description: 'state folder (default ./.hosepipe)' };
const TARGET: FlagSpec = { name: 'target', value: 'local|aws', description: 'the running local endpoint (default) or the AWS account of your credentials' };
const REGION: FlagSpec = { name: 'region', value: 'REGION', description: 'AWS region (default: AWS_REGION, then hosepipe.yaml)' };
const PROFILE: FlagSpec = { name: 'profile', value: 'NAME', description: 'AWS profile from ~/.aws/config (default: the SDK chain)' };
const MODE: FlagSpec = { name: 'mode', value: 'embedded|compose', description: 'processes on this machine (default) or containers with Docker Compose' };
const YES: FlagSpec = { name: 'yes', short: 'y', description: 'do not ask for confirmation' };

export const COMMANDS: CommandSpec[] = [
  {
    name: 'init',
    summary: 'make this folder a hosepipe project: hosepipe.yaml, scenarios/example.scenario.yaml, hosepipe.mk, .hosepipe/ in .gitignore',
    flags: [{ name: 'dir', value: 'DIR', description: 'the project folder (default .)' }, { name: 'force', description: 'overwrite files that exist' }],
  },
  {
    name: 'up',
    summary: 'start the whole pipeline locally (endpoint, nginx, agent)',
    flags: [
      CONFIG, STATE, { name: 'detach', short: 'd', description: 'run in the background and return when ready' }, MODE,
      { name: 'terraform', value: 'DIR', description: 'apply this Terraform root to the local endpoint and ship into its stream (instead of hosepipe.yaml\'s pipeline)' },
      { name: 'var', value: 'NAME=VALUE', repeatable: true, description: 'with --terraform: a Terraform variable (repeatable)' },
      { name: 'var-file', value: 'FILE', repeatable: true, description: 'with --terraform: a Terraform variables file (repeatable)' },
      { name: 'stream', value: 'NAME', description: 'with --terraform: the Kinesis stream the agent ships to, when the root has several' },
    ],
  },
  {
    name: 'down',
    summary: 'stop everything `up` started',
    flags: [
      STATE, MODE, { name: 'volumes', description: 'compose mode: also remove its volumes (the bucket, the stream, checkpoints) and the access logs' },
      { name: 'destroy', description: 'after up --terraform: run terraform destroy against the endpoint before stopping it' },
    ],
  },
  { name: 'status', summary: 'show each stage and its counts', flags: [STATE] },
  {
    name: 'top',
    summary: 'the pipeline view in the terminal: each stage\'s counts, rates, lag, buffers and errors, redrawn every second (q quits)',
    flags: [
      STATE,
      { name: 'endpoint', value: 'URL', description: 'the endpoint to watch (default: the one `up` runs)' },
      { name: 'stream', value: 'NAME', description: 'the delivery stream to show (default: the one `up` runs, or the only one)' },
      { name: 'region', value: 'REGION', description: 'its region, when the name exists in several' },
      { name: 'count', short: 'n', value: 'N', description: 'frames to show, then exit (default: until q on a terminal, 1 otherwise)' },
      { name: 'interval', value: 'MS', description: 'milliseconds between frames (default 1000)' },
    ],
  },
  { name: 'flush', summary: 'ship what nginx logged, then deliver every Firehose buffer to S3 now', flags: [STATE] },
  { name: 'plan', summary: 'show what deploy would change; exits 2 when there are changes', flags: [CONFIG, STATE, TARGET, REGION, PROFILE] },
  { name: 'deploy', summary: 'create or update the pipeline (prints the plan, asks first unless --yes)', flags: [CONFIG, STATE, TARGET, REGION, PROFILE, YES] },
  { name: 'apply', summary: 'deploy to the running local endpoint without asking (idempotent)', flags: [CONFIG, STATE] },
  { name: 'destroy', summary: 'remove what carries the pipeline tag, in reverse order', flags: [CONFIG, STATE, TARGET, REGION, PROFILE, YES, { name: 'empty-bucket', description: 'also delete the objects and the bucket' }] },
  { name: 'logs', summary: 'print the transform\'s or Firehose\'s CloudWatch log events (local or AWS)', flags: [CONFIG, STATE, TARGET, REGION, PROFILE, { name: 'minutes', value: 'N', description: 'how far back to read (default 60)' }] },
  {
    name: 'e2e',
    summary: 'run the scenarios (scenarios/*.scenario.yaml; names filter), each on a stack of its own over hosepipe.yaml',
    flags: [
      CONFIG,
      { name: 'dir', value: 'DIR', description: 'where the scenarios are (default ./scenarios)' },
      { name: 'concurrency', value: 'N', description: 'scenarios at once (default 2)' },
      { name: 'update', description: 'record each snapshot: true scenario\'s bucket contents instead of comparing' },
      { name: 'audit', description: 'print each scenario\'s audit report' },
      { name: 'target', value: 'embedded|terraform|aws', description: 'a stack of its own per scenario (default), a Terraform root\'s pipeline, or the pipeline deployed on AWS (steps only a local endpoint has are skipped)' },
      REGION,
      PROFILE,
      { name: 'delivery-stream', value: 'NAME', description: '--target aws: the deployed delivery stream (default <name>-to-s3 of hosepipe.yaml)' },
      { name: 'deploy', description: '--target aws: deploy each scenario\'s own pipeline (its pipeline: settings) and remove it after' },
      { name: 'terraform', value: 'DIR', description: '--target terraform: the Terraform root, applied to an endpoint of the run\'s own' },
      { name: 'var', value: 'NAME=VALUE', repeatable: true, description: '--target terraform: a Terraform variable (repeatable)' },
      { name: 'var-file', value: 'FILE', repeatable: true, description: '--target terraform: a .tfvars file for the root (repeatable)' },
      { name: 'stream', value: 'NAME', description: '--target terraform: the Kinesis stream to ship to, when the root has several' },
    ],
  },
  {
    name: 'tf-local',
    summary: 'run terraform against the running local stack (writes the provider endpoint override; e.g. tf-local plan)',
    flags: [STATE, { name: 'dir', value: 'DIR', description: 'Terraform working directory (default terraform/examples/local)' }],
    passThrough: true,
  },
  { name: 'audit', summary: 'every line in the access logs (rotated too) against the bucket, per stage; exit 1 if any is missing', flags: [CONFIG, STATE, { name: 'no-drain', description: 'audit as things are, without shipping and flushing first' }] },
  {
    name: 'load',
    summary: 'send generated traffic (or replay a log) and report what was delivered, per pattern',
    flags: [
      CONFIG, STATE,
      { name: 'file', short: 'f', value: 'FILE', description: 'replay this log (combined format) instead of generating traffic' },
      { name: 'to', value: 'TARGET', description: 'nginx (HTTP requests, default) or stream (PutRecords into the stream)' },
      { name: 'count', short: 'n', value: 'N', description: 'how many requests or lines (default 1000; a replay sends the whole file)' },
      { name: 'rate', short: 'r', value: 'N', description: 'per second (default: as fast as possible)' },
      { name: 'concurrency', value: 'N', description: 'HTTP connections at once (default 16)' },
      { name: 'seed', value: 'N', description: 'seed of the generated mix (default 1)' },
    ],
  },
  { name: 'scenario', summary: '`scenario new <name>`: write a commented scenario file to start from', flags: [{ name: 'dir', value: 'DIR', description: 'where to write it (default ./scenarios)' }, { name: 'force', description: 'overwrite an existing file' }] },
];

/** Every command takes it: a failure's stack and causes after its one line (HOSEPIPE_DEBUG=1 does the same). */
const DEBUG_FLAG = '--debug';

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
  /** Each repeatable flag given, by name: its values in order (flags has the last one). */
  lists: Record<string, string[]>;
}

/** Parses `hosepipe <command> [flags]`; unknown commands and flags are usage errors. */
export function parseArgs(argv: string[]): ParsedCommand | 'help' {
  // --debug is every command's, before the command name too.
  const leadingDebug = argv[0] === DEBUG_FLAG;
  const [name, ...rest] = leadingDebug ? argv.slice(1) : argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') return 'help';
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) throw new UsageError(`unknown command '${name}' (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
  const flags: Record<string, string | boolean> = leadingDebug ? { debug: true } : {};
  const positionals: string[] = [];
  const lists: Record<string, string[]> = {};
  for (let index = 0; index < rest.length; index++) {
    const arg = rest[index] ?? '';
    if (command.passThrough && (arg === '--' || !isOwnFlag(command, arg))) {
      positionals.push(...rest.slice(arg === '--' ? index + 1 : index));
      break;
    }
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === DEBUG_FLAG) {
      flags.debug = true;
      continue;
    }
    if (!arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    // Only the first `=` separates: `--var=name=value` is the flag var with the value name=value.
    const body = arg.replace(/^--?/, '');
    const equals = body.indexOf('=');
    const key = equals < 0 ? body : body.slice(0, equals);
    const inline = equals < 0 ? undefined : body.slice(equals + 1);
    const spec = command.flags.find((flag) => flag.name === key || flag.short === key);
    if (!spec) throw new UsageError(`${command.name}: unknown flag '${arg}'`);
    if (!spec.value) {
      flags[spec.name] = true;
      continue;
    }
    const value = inline ?? rest[++index];
    if (value === undefined) throw new UsageError(`${command.name}: --${spec.name} needs a value (${spec.value})`);
    flags[spec.name] = value;
    if (spec.repeatable) (lists[spec.name] ??= []).push(value);
  }
  return { command, flags, positionals, lists };
}

function isOwnFlag(command: CommandSpec, arg: string): boolean {
  if (arg === '--help' || arg === '-h' || arg === DEBUG_FLAG) return true;
  if (!arg.startsWith('-')) return false;
  const key = arg.replace(/^--?/, '').split('=', 1)[0];
  return command.flags.some((flag) => flag.name === key || flag.short === key);
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
  lines.push('', 'every command:', `      ${DEBUG_FLAG.padEnd(22)} on failure, print the stack and causes after the one-line message (or HOSEPIPE_DEBUG=1)`);
  return lines.join('\n');
}
