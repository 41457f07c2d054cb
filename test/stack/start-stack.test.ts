import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import { parsePipelineConfig } from '../../provision/index.js';
import { startStack } from '../../stack/index.js';
import { freePort } from '../../stack/process.js';

const TEAM_FUNCTION = fileURLToPath(new URL('../fixtures/team-python-transform', import.meta.url));

/** Processes whose command line names `text` (nginx's prefix and the agent's options file are in the state folder). */
function processesNaming(text: string): string[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).flatMap((pid) => {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      return command.includes(text) ? [`${pid}: ${command}`] : [];
    } catch {
      return [];
    }
  });
}

const accepts = (port: number): Promise<boolean> => new Promise((resolve) => {
  const socket = connect(port, '127.0.0.1');
  socket.once('connect', () => { socket.destroy(); resolve(true); });
  socket.once('error', () => resolve(false));
});

test('a pipeline that fails to provision leaves no nginx or agent behind: they start beside provisioning and are stopped with the error', async (t) => {
  t.timeout(2 * 60_000, 'a stack that starts nginx and the agent, then fails');
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-failed-start-'));
  t.teardown(() => rmSync(stateDir, { recursive: true, force: true }));
  const config = parsePipelineConfig({
    name: `fail-${Math.random().toString(36).slice(2, 8)}`,
    // IAM refuses the role's policy (an action without a service prefix) when it is put, after nginx and the agent have started.
    transform: { code: TEAM_FUNCTION, runtime: 'python3.11', policyStatements: [{ Effect: 'Allow', Action: 'PutObject', Resource: '*' }] },
  });
  const nginxPort = await freePort();
  const error = await t.throwsAsync(startStack({ config, root: PACKAGE_ROOT, stateDir, endpointPort: 0, nginxPort, artifactDir: join(stateDir, 'artifact') }));
  t.regex(error?.name ?? '', /^MalformedPolicyDocument/, error?.message);
  t.true(readdirSync(join(stateDir, 'nginx', 'logs')).includes('error.log'), 'nginx was started');
  t.deepEqual(processesNaming(stateDir), []);
  t.false(await accepts(nginxPort), `nothing listens on nginx's port ${nginxPort}`);
});
