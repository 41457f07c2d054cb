/** One table drives parsing and --help. */
export const AGENT_FLAGS = [
  { flag: '--config', value: '<file.json>', help: 'AgentOptions as JSON (files, stream, endpoint, region, checkpointFile, ...)' },
  { flag: '--agent-json', value: '<agent.json>', help: 'an Amazon Kinesis Agent agent.json; one agent per flow' },
  { flag: '--status-port', value: '<port>', help: 'port for GET /status on 127.0.0.1 (default: the config value, else any free port)' },
  { flag: '--help', value: '', help: 'print this help' },
] as const;

export type AgentArgs =
  | { kind: 'help' }
  | { kind: 'run'; source: { kind: 'config' | 'agent-json'; path: string }; statusPort: number | undefined };

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseAgentArgs(argv: readonly string[]): AgentArgs {
  let source: { kind: 'config' | 'agent-json'; path: string } | undefined;
  let statusPort: number | undefined;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!AGENT_FLAGS.some((known) => known.flag === flag)) throw new UsageError(`unknown argument ${arg}; try --help`);
    const value = inline ?? argv[++index];
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    if (flag === '--status-port') {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--status-port must be an integer from 0 to 65535 (got ${value})`);
      statusPort = port;
      continue;
    }
    if (source) throw new UsageError('give exactly one of --config and --agent-json');
    source = { kind: flag === '--config' ? 'config' : 'agent-json', path: value };
  }
  if (!source) throw new UsageError('missing --config <file.json> or --agent-json <agent.json>; try --help');
  return { kind: 'run', source, statusPort };
}

export function agentHelp(): string {
  const rows = AGENT_FLAGS.map(({ flag, value, help }) => `  ${`${flag} ${value}`.padEnd(28)}${help}`);
  return ['usage: node --import tsx agent/main.ts (--config <file.json> | --agent-json <agent.json>) [--status-port <port>]', '', ...rows, ''].join('\n');
}
