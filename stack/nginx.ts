import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderNginxConfig } from './nginx-config.js';
import { assertPortFree, stopChild, waitForPort } from './process.js';

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
  port: number;
  logFormat: string;
  escape: 'default' | 'json' | 'none';
}

/** Runs the system nginx in the foreground under `prefix`, and waits until it accepts connections. */
export async function startNginx(options: NginxOptions): Promise<StartedNginx> {
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
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  try {
    await waitForPort(options.port, { child, what: `nginx on 127.0.0.1:${options.port}`, timeoutMs: 10_000 });
  } catch (error) {
    child.kill('SIGKILL');
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
