import test from 'ava';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import { explain } from '../../stack/compose-cli.js';
import { agentOptionsFor } from '../../stack/index.js';
import { parsePipelineConfig } from '../../provision/index.js';

const run = promisify(execFile);

test('a host port Docker cannot publish is one line naming the port and the hosepipe.yaml settings', (t) => {
  const error = explain('docker-compose -p x up -d', {
    exitCode: 1,
    out: '',
    err: 'Creating x_endpoint_1 ... error\nERROR: for endpoint  Cannot start service endpoint: driver failed programming external connectivity on endpoint x_endpoint_1: Bind for 127.0.0.1:4566 failed: port is already allocated\nERROR: Encountered errors while bringing up the project.\n',
  });
  t.is(error.message, 'port 4566 on 127.0.0.1 is already in use: stop what listens there, or set another port in hosepipe.yaml (endpoint.port, nginx.listen)');
});

test('an image that cannot be pulled is one line naming the build-args to use instead', (t) => {
  const error = explain('docker compose -p x build endpoint', { exitCode: 1, out: '', err: 'Step 1/7 : FROM node:22-bookworm-slim\npull access denied for node, repository does not exist or may require \'docker login\'\n' });
  t.regex(error.message, /an image could not be pulled .*: run `make compose-images` and pass NODE_IMAGE=hosepipe-local\/node:bookworm NGINX_IMAGE=hosepipe-local\/nginx:bookworm/);
  t.false(error.message.includes('\n'));
});

test('any other Compose failure is its command and Compose\'s last line', (t) => {
  t.is(explain('docker-compose -p x up -d', { exitCode: 1, out: '', err: 'something\nERROR: the last word\n' }).message, 'docker-compose -p x up -d failed: ERROR: the last word');
});

test('the agent container reads the shared access log, ships to the endpoint by its service name and serves its status on its interface', (t) => {
  const options = agentOptionsFor(parsePipelineConfig({ name: 'web', agent: { maxBufferAgeMs: 300 } }), 'web-access-logs');
  t.like(options, { files: '/var/log/hosepipe/access.log*', stream: 'web-access-logs', endpoint: 'http://endpoint:4566', statusPort: 4567, statusHost: '0.0.0.0', maxBufferAgeMs: 300, initialPosition: 'START_OF_FILE' });
});

/** `hosepipe up --mode compose` with a PATH of stubs only (and node): no docker or docker-compose unless given. */
async function upWith(stubs: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-compose-errors-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  // Only the stubs and node on PATH: node's own folder may hold the machine's docker.
  symlinkSync(process.execPath, join(bin, 'node'));
  for (const [name, body] of Object.entries(stubs)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  writeFileSync(join(dir, 'hosepipe.yaml'), 'name: errs\nendpoint: { port: 0 }\nnginx: { listen: 127.0.0.1:0 }\n');
  try {
    await run(process.execPath, [join(PACKAGE_ROOT, 'cli', 'bin.js'), 'up', '-d', '--mode', 'compose'], {
      cwd: dir,
      env: { ...process.env, PATH: bin, HOSEPIPE_STATE_DIR: join(dir, '.hosepipe') },
    });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

const oneLine = (t: { is(a: unknown, b: unknown, m?: string): void }, stderr: string) => t.is(stderr.trim().split('\n').length, 1, stderr);

test('without docker, up --mode compose exits 1 with one line saying to install it', async (t) => {
  const { code, stderr } = await upWith({});
  t.is(code, 1);
  t.regex(stderr, /^hosepipe: docker is not installed: install Docker/);
  oneLine(t, stderr);
});

test('with no Docker engine reachable, up --mode compose exits 1 with one line saying how to start one', async (t) => {
  const { code, stderr } = await upWith({ docker: 'echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2; exit 1' });
  t.is(code, 1);
  t.regex(stderr, /^hosepipe: no Docker engine is reachable \(Cannot connect to the Docker daemon.*\): start it/);
  oneLine(t, stderr);
});

test('with an engine but no Compose, up --mode compose exits 1 with one line naming both Compose commands', async (t) => {
  const { code, stderr } = await upWith({ docker: 'case "$1" in info) echo 20.10;; *) echo "docker: unknown command: docker $1" >&2; exit 1;; esac' });
  t.is(code, 1);
  t.regex(stderr, /^hosepipe: Docker Compose is missing: neither `docker compose` \(v2\) nor `docker-compose` \(1\.29\) runs/);
  oneLine(t, stderr);
});
