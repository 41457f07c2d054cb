import test from 'ava';
import { COMMANDS, helpText, parseArgs, UsageError } from '../../cli/flags.js';

test('help lists every command and flag from the one table', (t) => {
  const help = helpText();
  for (const command of COMMANDS) {
    t.true(help.includes(`  ${command.name} `), command.name);
    for (const flag of command.flags) t.true(help.includes(`--${flag.name}`), `${command.name} --${flag.name}`);
  }
});

test('flags parse in long, short and inline forms', (t) => {
  const parsed = parseArgs(['up', '-d', '--config=x.yaml', '--state', '/tmp/s']);
  t.not(parsed, 'help');
  if (parsed === 'help') return;
  t.is(parsed.command.name, 'up');
  t.deepEqual(parsed.flags, { detach: true, config: 'x.yaml', state: '/tmp/s' });
});

test('an unknown command is a usage error listing the commands', (t) => {
  t.throws(() => parseArgs(['frob']), { instanceOf: UsageError, message: /unknown command 'frob' \(commands: init, up, down/ });
});

test('an unknown flag is a usage error naming it', (t) => {
  t.throws(() => parseArgs(['down', '--force']), { instanceOf: UsageError, message: "down: unknown flag '--force'" });
});

test('a flag that needs a value says which', (t) => {
  t.throws(() => parseArgs(['up', '--config']), { instanceOf: UsageError, message: 'up: --config needs a value (FILE)' });
});

test('no command, help or -h asks for help', (t) => {
  t.is(parseArgs([]), 'help');
  t.is(parseArgs(['--help']), 'help');
  t.is(parseArgs(['status', '-h']), 'help');
});

test('tf-local takes its own flags, then passes every other argument through to terraform unparsed', (t) => {
  const parsed = parseArgs(['tf-local', '--dir', 'infra', 'plan', '-detailed-exitcode', '--state=ignored-by-hosepipe']);
  t.not(parsed, 'help');
  if (parsed === 'help') return;
  t.deepEqual(parsed.flags, { dir: 'infra' });
  t.deepEqual(parsed.positionals, ['plan', '-detailed-exitcode', '--state=ignored-by-hosepipe']);
  const separated = parseArgs(['tf-local', '--', '-version']);
  t.deepEqual(separated !== 'help' && separated.positionals, ['-version']);
});

test('--debug is every command\'s, before or after the command name; after tf-local\'s own flags it goes to terraform', (t) => {
  for (const argv of [['--debug', 'status'], ['status', '--debug'], ['plan', '--target', 'aws', '--debug']]) {
    const parsed = parseArgs(argv);
    t.true(parsed !== 'help' && parsed.flags.debug === true, argv.join(' '));
  }
  const tf = parseArgs(['tf-local', '--debug', 'plan', '--debug']);
  t.deepEqual(tf !== 'help' && [tf.flags, tf.positionals], [{ debug: true }, ['plan', '--debug']]);
  t.regex(helpText(), /--debug\s+on failure, print the stack/);
});
