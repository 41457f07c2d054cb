import { helpText, parseArgs, UsageError } from './flags.js';

// Errors whose message is the whole story for the user; matched by name so that this module does
// not import the emulator and the SDK just to recognise them.
const ONE_LINE_ERRORS = new Set(['ConfigError', 'NginxMissingError', 'AgentConfigError']);

type Command = (flags: Record<string, string | boolean>, positionals: string[]) => Promise<number>;

// Loaded on demand, so `--help` and light commands do not pay for the emulator's imports.
const HANDLERS: Record<string, Command> = {
  up: async (flags) => (await import('./commands/up.js')).up(flags),
  down: async (flags) => (await import('./commands/down.js')).down(flags),
  status: async (flags) => (await import('./commands/status.js')).status(flags),
  flush: async (flags) => (await import('./commands/flush.js')).flush(flags),
  plan: async (flags) => (await import('./commands/provisioning.js')).plan(flags),
  apply: async (flags) => (await import('./commands/provisioning.js')).deploy({ ...flags, target: 'local', yes: true }),
  deploy: async (flags) => (await import('./commands/provisioning.js')).deploy(flags),
  destroy: async (flags) => (await import('./commands/provisioning.js')).destroy(flags),
  logs: async (flags, positionals) => (await import('./commands/logs.js')).logs(flags, positionals),
  e2e: async (flags, positionals) => (await import('./commands/e2e.js')).e2e(flags, positionals),
  'tf-local': async (flags, positionals) => (await import('./commands/tf-local.js')).tfLocal(flags, positionals),
  audit: async (flags) => (await import('./commands/audit.js')).audit(flags),
  load: async (flags) => (await import('./commands/load.js')).load(flags),
  scenario: async (flags, positionals) => (await import('./commands/scenario.js')).scenario(flags, positionals),
};

/** Runs one CLI invocation; usage errors exit 2, failures 1. */
export async function main(argv: string[]): Promise<number> {
  try {
    const parsed = parseArgs(argv);
    if (parsed === 'help') {
      console.log(helpText());
      return 0;
    }
    const handler = HANDLERS[parsed.command.name];
    if (!handler) throw new UsageError(`command '${parsed.command.name}' has no handler`);
    return await handler(parsed.flags, parsed.positionals);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`hosepipe: ${error.message} (see hosepipe --help)`);
      return 2;
    }
    if (error instanceof Error && ONE_LINE_ERRORS.has(error.name)) {
      console.error(`hosepipe: ${error.message}`);
      return 1;
    }
    console.error(`hosepipe: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}
