import test from 'ava';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../stack/index.js';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import { exitOf } from '../fixtures/processes.js';

const run = promisify(execFile);
const SETUP = join(PACKAGE_ROOT, 'scripts', 'setup.sh');
/**
 * make as the tests run it: never reinstalling node_modules or rebuilding dist/ under the other tests' feet
 * (whatever the timestamps say), and with the CLI from the sources, as every test runs it.
 */
const MAKE_IN_TESTS = ['--no-print-directory', '-o', 'node_modules/.package-lock.json', '-o', 'dist/.built', 'HOSEPIPE=node cli/bin.js'];

interface Sandbox {
  dir: string;
  stubs: string;
  /** Where the apt-get stub "installs" nginx; HOSEPIPE_NGINX points here, so the machine's own nginx is not seen. */
  nginx: string;
  calls: string;
  env: NodeJS.ProcessEnv;
}

/**
 * A folder of stub commands first on a PATH without nginx: each records its arguments in `calls`. The apt-get
 * stub, asked to install nginx-light, puts an nginx at HOSEPIPE_NGINX that runs the machine's real one.
 */
function sandbox(options: { aptExit?: number; stubs?: Record<string, string> } = {}): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-setup-'));
  // The non-root cases run as nobody, who must reach the stubs and write the log.
  chmodSync(dir, 0o777);
  const stubs = join(dir, 'stubs');
  mkdirSync(stubs);
  const nginx = join(dir, 'installed', 'nginx');
  const calls = join(dir, 'calls.log');
  writeFileSync(calls, '');
  chmodSync(calls, 0o666);
  const record = (name: string) => `echo "${name} $*" >> '${calls}'`;
  const scripts: Record<string, string> = {
    'apt-get': `${record('apt-get')}
case " $* " in *" install "*" nginx-light "*)
  [ ${options.aptExit ?? 0} = 0 ] || { echo "E: Unable to locate package nginx-light" >&2; exit ${options.aptExit}; }
  mkdir -p '${dirname(nginx)}' && printf '#!/bin/sh\\nexec /usr/sbin/nginx "$@"\\n' > '${nginx}' && chmod +x '${nginx}';;
esac`,
    ...options.stubs,
  };
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(stubs, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(stubs, name), 0o755);
  }
  const env = {
    ...process.env,
    PATH: [stubs, dirname(process.execPath), '/usr/bin', '/bin'].join(':'),
    HOSEPIPE_NGINX: nginx,
  };
  return { dir, stubs, nginx, calls, env };
}

function calls(box: Sandbox): string[] {
  return readFileSync(box.calls, 'utf8').split('\n').filter(Boolean);
}

/** The set-up step as a user who is not root: as nobody when the tests run as root. */
function setupAsUser(box: Sandbox, args: string[]) {
  const [command, prefix] = process.getuid?.() === 0 ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sh']] : ['sh', []];
  return exitOf(run(command, [...prefix, SETUP, ...args], { env: box.env, cwd: box.dir }));
}

test('make up installs a missing nginx with apt-get, says so, and then starts the pipeline with it', async (t) => {
  const box = sandbox();
  const [endpointPort, nginxPort] = [await freePort(), await freePort()];
  writeFileSync(join(box.dir, 'hosepipe.yaml'), `name: setuptest\nendpoint: { port: ${endpointPort} }\nnginx: { listen: 127.0.0.1:${nginxPort} }\n`);
  const env = { ...box.env, HOSEPIPE_CONFIG: join(box.dir, 'hosepipe.yaml'), HOSEPIPE_STATE_DIR: join(box.dir, '.hosepipe') };
  t.teardown(() => run(process.execPath, [join(PACKAGE_ROOT, 'cli', 'bin.js'), 'down'], { env }).catch(() => undefined));

  const up = await exitOf(run('make', [...MAKE_IN_TESTS, 'up'], { cwd: PACKAGE_ROOT, env }));
  t.is(up.code, 0, up.stderr);
  t.deepEqual(calls(box), ['apt-get update -qq', 'apt-get install -y -qq --no-install-recommends nginx-light']);
  t.regex(up.stderr, /hosepipe setup: installing nginx: apt-get install nginx-light/);
  t.regex(up.stderr, /hosepipe setup: installed nginx/);
  const response = await fetch(`http://127.0.0.1:${nginxPort}/hello`);
  t.is(response.status, 200);
});

test('make up stops with one line naming the command to run when apt-get cannot install nginx', async (t) => {
  const box = sandbox({ aptExit: 100 });
  const env = { ...box.env, HOSEPIPE_CONFIG: join(box.dir, 'hosepipe.yaml'), HOSEPIPE_STATE_DIR: join(box.dir, '.hosepipe') };
  const up = await exitOf(run('make', [...MAKE_IN_TESTS, 'up'], { cwd: PACKAGE_ROOT, env }));
  t.not(up.code, 0);
  t.true(calls(box).includes('apt-get install -y -qq --no-install-recommends nginx-light'));
  const lines = up.stderr.split('\n').filter((line) => line.startsWith('hosepipe setup:'));
  t.is(lines.at(-1), "hosepipe setup: apt-get could not install nginx-light (its last lines above): run `sh -c 'apt-get update && apt-get install -y --no-install-recommends nginx-light'`");
  t.regex(up.stderr, /E: Unable to locate package nginx-light/);
  t.false(existsSync(join(box.dir, '.hosepipe', 'run', 'hosepipe.json')), 'nothing was started');
});

test('the set-up step installs through sudo when not root', async (t) => {
  const box = sandbox({ stubs: { sudo: `echo "sudo $*" >> "$(dirname "$0")/../calls.log"\nexec "$@"` } });
  const result = await setupAsUser(box, ['up']);
  t.is(result.code, 0, result.stderr);
  t.deepEqual(calls(box), [
    'sudo apt-get update -qq',
    'apt-get update -qq',
    'sudo apt-get install -y -qq --no-install-recommends nginx-light',
    'apt-get install -y -qq --no-install-recommends nginx-light',
  ]);
  t.regex(result.stderr, /installing nginx: sudo apt-get install nginx-light/);
});

test('the set-up step prints one line with the command to run as root when it is not root and there is no sudo', async (t) => {
  const box = sandbox();
  const result = await setupAsUser(box, ['up']);
  t.is(result.code, 1);
  t.is(result.stderr, "hosepipe setup: missing nginx, and installing needs root: run `su -c 'apt-get update && apt-get install -y --no-install-recommends nginx-light'`\n");
  t.deepEqual(calls(box), []);
});

test('the set-up step installs with brew on macOS', async (t) => {
  const box = sandbox({ stubs: { uname: 'echo Darwin', brew: `echo "brew $*" >> "$(dirname "$0")/../calls.log"\nmkdir -p "$(dirname "$HOSEPIPE_NGINX")" && ln -s /usr/sbin/nginx "$HOSEPIPE_NGINX"` } });
  const result = await exitOf(run('sh', [SETUP, 'up'], { env: box.env }));
  t.is(result.code, 0, result.stderr);
  t.deepEqual(calls(box), ['brew install nginx']);
  t.regex(result.stderr, /installing nginx with brew/);
});

test('the set-up step does nothing and prints nothing when every need is there', async (t) => {
  const box = sandbox();
  mkdirSync(dirname(box.nginx));
  writeFileSync(box.nginx, '#!/bin/sh\n', { mode: 0o755 });
  const result = await exitOf(run('sh', [SETUP, 'up'], { env: box.env }));
  t.deepEqual(result, { code: 0, stdout: '', stderr: '' });
  t.deepEqual(calls(box), []);
});

test('the set-up step reports what is still missing when the install left it off PATH', async (t) => {
  // apt-get "succeeds" but installs nothing: the step must not claim success.
  const box = sandbox({ stubs: { 'apt-get': `echo "apt-get $*" >> "$(dirname "$0")/../calls.log"` } });
  const result = await exitOf(run('sh', [SETUP, 'up'], { env: box.env }));
  t.is(result.code, 1);
  t.regex(result.stderr, /hosepipe setup: still missing after the install: nginx/);
});

test('the set-up step without a goal is a usage error', async (t) => {
  const result = await exitOf(run('sh', [SETUP], { env: sandbox().env }));
  t.is(result.code, 2);
  t.regex(result.stderr, /usage: sh scripts\/setup\.sh GOAL/);
});
