/**
 * One timed wrk run against an S3 server (bench/edge.bench.ts). wrk is a C load generator, so the
 * server saturates before it does: with a Node client in the bench process, the client was the limit
 * and both servers measured nearly the same. Keys rotate through `<prefix><n>`: PUT to new keys, GET
 * over `keys` existing ones.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const WRK = process.env.BENCH_WRK ?? '/usr/bin/wrk';

export interface WrkLoad {
  url: string;
  method: 'GET' | 'PUT';
  /** Path before the key number, e.g. `/bucket/o/`. */
  prefix: string;
  /** GET: the keys `0..keys-1` exist and are read in turn. PUT: ignored, every request makes a new key. */
  keys: number;
  bodyBytes: number;
  headers: Record<string, string>;
  seconds: number;
  connections: number;
  /** A folder for the Lua script. */
  dir: string;
}

export interface WrkResult {
  requests: number;
  perSecond: number;
}

const lua = (value: string) => JSON.stringify(value);

function script(load: WrkLoad): string {
  const file = join(load.dir, `wrk-${load.method}-${Math.random().toString(36).slice(2, 8)}.lua`);
  const headers = Object.entries(load.headers).map(([name, value]) => `wrk.headers[${lua(name)}] = ${lua(value)}`).join('\n');
  writeFileSync(file, `wrk.method = ${lua(load.method)}
${headers}
${load.bodyBytes > 0 ? `wrk.body = string.rep(string.char(7), ${load.bodyBytes})` : ''}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, ${lua(load.prefix)} .. ${load.method === 'GET' ? `(counter % ${load.keys})` : 'counter'})
end
`);
  return file;
}

/** Runs wrk once (one thread, `connections` keep-alive connections); rejects if any answer was not 2xx/3xx. */
export function wrkRate(load: WrkLoad): Promise<WrkResult> {
  const child = spawn(WRK, ['-t', '1', '-c', String(load.connections), '-d', `${load.seconds}s`, '-s', script(load), load.url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const requests = /(\d+) requests in/.exec(output);
      const perSecond = /Requests\/sec:\s+([\d.]+)/.exec(output);
      const failed = /Non-2xx or 3xx responses: (\d+)/.exec(output);
      const socketErrors = /Socket errors: (.*)/.exec(output);
      if (code !== 0 || !requests || !perSecond) reject(new Error(`wrk exited with ${code}: ${output}`));
      else if (failed || socketErrors) reject(new Error(`wrk saw failures (${load.method} ${load.prefix}): ${output}`));
      else resolve({ requests: Number(requests[1]), perSecond: Number(perSecond[1]) });
    });
  });
}
