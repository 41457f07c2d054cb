import test from 'ava';
import { parseAgentArgs, UsageError } from '../../agent/cli-args.js';

test('--config and --status-port are parsed, with or without =', (t) => {
  t.deepEqual(parseAgentArgs(['--config', 'a.json', '--status-port=0']), { kind: 'run', source: { kind: 'config', path: 'a.json' }, statusPort: 0 });
  t.deepEqual(parseAgentArgs(['--agent-json=agent.json']), { kind: 'run', source: { kind: 'agent-json', path: 'agent.json' }, statusPort: undefined });
});

test('usage mistakes are UsageErrors that say what is wrong', (t) => {
  t.throws(() => parseAgentArgs([]), { instanceOf: UsageError, message: /missing --config/ });
  t.throws(() => parseAgentArgs(['--config', 'a', '--agent-json', 'b']), { message: /exactly one/ });
  t.throws(() => parseAgentArgs(['--status-port', 'x', '--config', 'a']), { message: /--status-port must be an integer/ });
  t.throws(() => parseAgentArgs(['--verbose']), { message: /unknown argument --verbose/ });
  t.throws(() => parseAgentArgs(['--config']), { message: /--config needs a value/ });
});
