import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

/** A port that was free a moment ago; nginx cannot be given port 0. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port from the kernel');
  return address.port;
}

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

/**
 * Starts nginx in the foreground with one access log per entry of `logs`, listening on
 * 127.0.0.1 and [::1]. `/` answers 200, `/missing` 404, `/upstream/` proxies to `upstreams`
 * (tried in order on error), so `$upstream_*` variables get real values.
 */
export async function startNginx(logs: Record<string, AccessLogSpec>, upstreams: number[] = []): Promise<StartedNginx> {
  const prefix = await mkdtemp(path.join(tmpdir(), 'hosepipe-nginx-'));
  await mkdir(path.join(prefix, 'logs'));
  const port = await freePort();
  const formats = Object.entries(logs).map(([name, spec]) => `  log_format hp_${name} escape=${spec.escape} ${quoteForNginx(spec.format)};`);
  const accessLogs = Object.keys(logs).map((name) => `  access_log ${path.join(prefix, `${name}.log`)} hp_${name};`);
  const upstreamBlock = upstreams.length === 0 ? '' : `  upstream backends { ${upstreams.map((p) => `server 127.0.0.1:${p} max_fails=0;`).join(' ')} }`;
  const proxy = upstreams.length === 0 ? '' : '    location /upstream/ { proxy_pass http://backends; proxy_next_upstream error; }';
  const config = [
    'master_process off;',
    `pid ${path.join(prefix, 'nginx.pid')};`,
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
  await writeFile(path.join(prefix, 'nginx.conf'), config);
  const child = spawn(NGINX_BINARY, ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await eventuallyValue(`nginx to accept connections on 127.0.0.1:${port}`, async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr}`);
      return canConnect(port);
    }, { everyMs: 20 });
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
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
