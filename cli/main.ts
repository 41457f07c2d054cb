import { inspect } from 'node:util';
import { explainError } from './explain-error.js';
import { helpText, parseArgs, UsageError } from './flags.js';

// Errors whose message is the whole story for the user; matched by name so that this module does
// not import the emulator and the SDK just to recognise them.
const ONE_LINE_ERRORS = new Set(['ConfigError', 'NginxMissingError', 'AgentConfigError', 'NotRunningError', 'NoRegionError', 'PortInUseError', 'ReplacementRequiredError', 'WaitTimeoutError', 'ComposeError', 'TerraformError', 'TerraformStateError', 'AdminApiOffError', 'AdminApiError']);

type Command = (flags: Record<string, string | boolean>, positionals: string[], lists: Record<string, string[]>) => Promise<number>;

// Loaded on demand, so `--help` and light commands do not pay for the emulator's imports.
const HANDLERS: Record<string, Command> = {
  init: async (flags) => (await import('./commands/init.js')).init(flags),
  up: async (flags, _positionals, lists) => (await import('./commands/up.js')).up(flags, lists),
  down: async (flags) => (await import('./commands/down.js')).down(flags),
  status: async (flags) => (await import('./commands/status.js')).status(flags),
  top: async (flags) => (await import('./commands/top.js')).top(flags),
  flush: async (flags) => (await import('./commands/flush.js')).flush(flags),
  plan: async (flags) => (await import('./commands/provisioning.js')).plan(flags),
  apply: async (flags) => (await import('./commands/provisioning.js')).deploy({ ...flags, target: 'local', yes: true }),
  deploy: async (flags) => (await import('./commands/provisioning.js')).deploy(flags),
  destroy: async (flags) => (await import('./commands/provisioning.js')).destroy(flags),
  logs: async (flags, positionals) => (await import('./commands/logs.js')).logs(flags, positionals),
  e2e: async (flags, positionals, lists) => (await import('./commands/e2e.js')).e2e(flags, positionals, lists),
  'tf-local': async (flags, positionals) => (await import('./commands/tf-local.js')).tfLocal(flags, positionals),
  audit: async (flags) => (await import('./commands/audit.js')).audit(flags),
  load: async (flags) => (await import('./commands/load.js')).load(flags),
  scenario: async (flags, positionals) => (await import('./commands/scenario.js')).scenario(flags, positionals),
};

/**
 * Runs one CLI invocation; usage errors exit 2, failures 1. Every failure is one line on stderr that says what to
 * do; `--debug` (or HOSEPIPE_DEBUG=1) adds the stack and causes after it.
 */
export async function main(argv: string[]): Promise<number> {
  let debug = process.env.HOSEPIPE_DEBUG === '1';
  try {
    const parsed = parseArgs(argv);
    if (parsed === 'help') {
      console.log(helpText());
      return 0;
    }
    debug ||= parsed.flags.debug === true;
    const handler = HANDLERS[parsed.command.name];
    if (!handler) throw new UsageError(`command '${parsed.command.name}' has no handler`);
    return await handler(parsed.flags, parsed.positionals, parsed.lists);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`hosepipe: ${error.message} (see hosepipe --help)`);
      return 2;
    }
    console.error(`hosepipe: ${await oneLine(error, debug)}`);
    if (debug) console.error(inspect(error, { depth: 4 }));
    return 1;
  }
}

async function oneLine(error: unknown, debug: boolean): Promise<string> {
  if (error instanceof Error && ONE_LINE_ERRORS.has(error.name)) return error.message;
  // Only on this path: provisioning's module brings the SDK clients with it.
  const { iamActionOf } = await import('../provision/index.js');
  const explained = explainError(error, iamActionOf(error));
  if (explained) return explained;
  const text = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message.split('\n', 1)[0]}` : String(error);
  return debug ? text : `${text} (run with --debug for the stack)`;
}
