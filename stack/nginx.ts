import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderNginxConfig } from './nginx-config.js';
import { assertPortFree, freePort, PortInUseError, stopChild, waitForPort, waitUntil } from './process.js';

const NGINX_CANDIDATES = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx', '/usr/bin/nginx'];

/** nginx is hosepipe's one system prerequisite. */
export class NginxMissingError extends Error {
  constructor() {
    super('nginx is not installed: run `sudo apt-get install -y nginx-light` (or `brew install nginx` on macOS), then try again');
    this.name = 'NginxMissingError';
  }
}

export function findNginx(): string {
  const fromEnv = process.env.HOSEPIPE_NGINX;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`HOSEPIPE_NGINX points at ${fromEnv}, which does not exist`);
  }
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    if (existsSync(join(dir, 'nginx'))) return join(dir, 'nginx');
  }
  const found = NGINX_CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found) throw new NginxMissingError();
  return found;
}

export interface StartedNginx {
  readonly url: string;
  readonly accessLog: string;
  readonly pid: number;
  /** Reopen log files after a rename (what logrotate's postrotate does). */
  reopen(): Promise<void>;
  stop(): Promise<void>;
}

export interface NginxOptions {
  prefix: string;
  /** 0: a free port (see startNginx). */
  port: number;
  logFormat: string;
  escape: 'default' | 'json' | 'none';
}

/** How long nginx may take to bind its port and write its pid file: seconds on a loaded machine. */
const READY_TIMEOUT_MS = 30_000;
/** Ports tried for `port: 0` when other processes keep taking the one chosen. */
const FREE_PORT_ATTEMPTS = 5;

/**
 * Runs the system nginx in the foreground under `prefix`, and waits until it accepts connections. nginx cannot
 * be given port 0, so for `port: 0` it gets a port that was free a moment before, and another one when a
 * process took that port before nginx bound it.
 */
export async function startNginx(options: NginxOptions): Promise<StartedNginx> {
  if (options.port !== 0) return startNginxOn(options);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startNginxOn({ ...options, port: await freePort() });
    } catch (error) {
      if (!(error instanceof PortInUseError) || attempt === FREE_PORT_ATTEMPTS) throw error;
    }
  }
}

async function startNginxOn(options: NginxOptions): Promise<StartedNginx> {
  const binary = findNginx();
  await assertPortFree(options.port, 'nginx.listen');
  for (const dir of ['logs', 'tmp']) mkdirSync(join(options.prefix, dir), { recursive: true });
  const accessLog = join(options.prefix, 'logs', 'access.log');
  const config = join(options.prefix, 'nginx.conf');
  const workerUser = process.getuid?.() === 0 ? 'root' : undefined;
  writeFileSync(config, renderNginxConfig({ ...options, accessLog, errorLog: join(options.prefix, 'logs', 'error.log'), workerUser }));
  const child: ChildProcess = spawn(binary, ['-p', options.prefix, '-c', config, '-e', join(options.prefix, 'logs', 'error.log')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  try {
    // nginx writes its pid file once it holds its port. Until then a connection can reach another process that
    // took the port after assertPortFree, while nginx retries the bind for 2.5 s and then exits.
    const pidFile = join(options.prefix, 'nginx.pid');
    await waitUntil(() => readPid(pidFile) === String(child.pid), { child, what: `nginx to write ${pidFile}`, timeoutMs: READY_TIMEOUT_MS });
    await waitForPort(options.port, { child, what: `nginx on 127.0.0.1:${options.port}`, timeoutMs: READY_TIMEOUT_MS });
  } catch (error) {
    child.kill('SIGKILL');
    await closed;
    if (stderr.includes('Address already in use')) throw new PortInUseError(options.port, 'nginx.listen', { cause: new Error(stderr.trim()) });
    throw new Error(`nginx failed to start: ${stderr.trim() || (error as Error).message}`, { cause: error });
  }
  return {
    url: `http://127.0.0.1:${options.port}`,
    accessLog,
    pid: child.pid ?? 0,
    async reopen() {
      child.kill('SIGUSR1');
    },
    // SIGQUIT is nginx's graceful shutdown: workers finish their requests and flush the log.
    stop: () => stopChild(child, { signal: 'SIGQUIT', graceMs: 5_000 }),
  };
}

/** The pid nginx's master wrote to `path` (after binding its listening sockets), or '' before it has. */
function readPid(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}
