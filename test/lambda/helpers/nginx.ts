import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../../stack/process.js';
import { eventuallyValue } from '../../fixtures/eventually.js';

/** A log_format to declare and an access log to write with it. */
export interface AccessLogSpec {
  format: string;
  escape: 'default' | 'json' | 'none';
}

/** A real nginx on loopback, started for one test file. */
export interface StartedNginx {
  readonly port: number;
  readonly prefix: string;
  /** The lines (as bytes, without newline) of one access log once it has at least `count` of them. */
  waitForLines(log: string, count: number, timeoutMs?: number): Promise<Buffer[]>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export const NGINX_BINARY = '/usr/sbin/nginx';

// nginx config strings: inside single quotes, only a quote and a backslash need a backslash.
const quoteForNginx = (text: string): string => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

const canConnect = (port: number): Promise<true | undefined> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(undefined));
  });

const stopProcess = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  // SIGQUIT is nginx's graceful shutdown; it finishes and flushes the logs first.
  child.kill('SIGQUIT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
};

/** Ports tried when other processes keep taking the one chosen before nginx binds it. */
const PORT_ATTEMPTS = 5;

/**
 * Starts nginx in the foreground with one access log per entry of `logs`, listening on
 * 127.0.0.1 and [::1]. `/` answers 200, `/missing` 404, `/upstream/` proxies to `upstreams`
 * (ports on 127.0.0.1, or nginx server addresses such as `unix:/path`; tried in order on error),
 * so `$upstream_*` variables get real values.
 */
export async function startNginx(logs: Record<string, AccessLogSpec>, upstreams: (number | string)[] = []): Promise<StartedNginx> {
  const prefix = await mkdtemp(path.join(tmpdir(), 'hosepipe-nginx-'));
  await mkdir(path.join(prefix, 'logs'));
  const formats = Object.entries(logs).map(([name, spec]) => `  log_format hp_${name} escape=${spec.escape} ${quoteForNginx(spec.format)};`);
  const accessLogs = Object.keys(logs).map((name) => `  access_log ${path.join(prefix, `${name}.log`)} hp_${name};`);
  const address = (upstream: number | string): string => (typeof upstream === 'number' ? `127.0.0.1:${upstream}` : upstream);
  const upstreamBlock = upstreams.length === 0 ? '' : `  upstream backends { ${upstreams.map((upstream) => `server ${address(upstream)} max_fails=0;`).join(' ')} }`;
  const proxy = upstreams.length === 0 ? '' : '    location /upstream/ { proxy_pass http://backends; proxy_next_upstream error; }';
  const pidFile = path.join(prefix, 'nginx.pid');
  const config = (port: number): string => [
    'master_process off;',
    `pid ${pidFile};`,
    `error_log ${path.join(prefix, 'logs', 'error.log')} info;`,
    'events { worker_connections 64; }',
    'http {',
    ...formats,
    ...accessLogs,
    upstreamBlock,
    '  server {',
    `    listen 127.0.0.1:${port};`,
    `    listen [::1]:${port};`,
    '    server_name hosepipe.test;',
    "    location / { default_type text/plain; return 200 'ok\\n'; }",
    '    location /missing { return 404; }',
    proxy,
    '  }',
    '}',
  ].join('\n');
  // nginx cannot be given port 0: it gets a port that was free a moment ago, and another one when a process
  // (another test file's) took that port before nginx bound it.
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    await writeFile(path.join(prefix, 'nginx.conf'), config(port));
    const child = spawn(NGINX_BINARY, ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const closed = once(child, 'close');
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      // The pid file is written once nginx holds its ports; before that a connection could reach the process
      // that took the port, while nginx retries its bind for 2.5 s and exits.
      await eventuallyValue(`nginx to hold and accept connections on 127.0.0.1:${port}`, async () => {
        if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr}`);
        const pid = await readFile(pidFile, 'utf8').catch(() => '');
        return pid.trim() === String(child.pid) ? canConnect(port) : undefined;
      }, { everyMs: 20 });
    } catch (error) {
      child.kill('SIGKILL');
      await closed;
      if (stderr.includes('Address already in use') && attempt < PORT_ATTEMPTS) continue;
      await rm(prefix, { recursive: true, force: true });
      throw error;
    }
    return running(child, port, prefix);
  }
}

/** The StartedNginx of a child that holds `port`. */
function running(child: ChildProcess, port: number, prefix: string): StartedNginx {
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= stopProcess(child).then(() => rm(prefix, { recursive: true, force: true }));
    return stopping;
  };
  const waitForLines = async (log: string, count: number, timeoutMs = 30_000): Promise<Buffer[]> => {
    let lines: Buffer[] = [];
    try {
      return await eventuallyValue(`${count} lines in ${log}.log`, async () => {
        const bytes = await readFile(path.join(prefix, `${log}.log`)).catch(() => Buffer.alloc(0));
        lines = [];
        for (let start = 0, end = bytes.indexOf(10); end >= 0; start = end + 1, end = bytes.indexOf(10, start)) {
          lines.push(bytes.subarray(start, end));
        }
        return lines.length >= count ? lines : undefined;
      }, { timeoutMs, everyMs: 20 });
    } catch (error) {
      const seen = lines.map((line) => line.toString('latin1').slice(0, 300)).join('\n');
      throw new Error(`${(error as Error).message}; it has ${lines.length}:\n${seen}`, { cause: error });
    }
  };
  return { port, prefix, waitForLines, stop, [Symbol.asyncDispose]: stop };
}
