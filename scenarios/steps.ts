import { appendFileSync } from 'node:fs';
import { request as httpRequest, Agent } from 'node:http';
import { connect } from 'node:net';
import type { Stack } from '../cli/index.js';
import type { ScenarioStep } from './schema.js';
import { drainStack } from './drain.js';

const HTTP_CONCURRENCY = 16;

/** Carries out one scenario step against a running stack. */
export async function runStep(stack: Stack, step: ScenarioStep, sequence: { next: number }): Promise<void> {
  if ('http' in step) return sendHttp(stack, step.http, sequence);
  if ('tcp' in step) return sendTcp(stack, step.tcp.base64 !== undefined ? Buffer.from(step.tcp.base64, 'base64') : Buffer.from(step.tcp.text ?? '', 'latin1'));
  if ('append' in step) {
    appendFileSync(stack.nginx.accessLog, step.append.lines.map((line) => `${line}\n`).join(''));
    return;
  }
  if ('drain' in step) return void (await drainStack(stack));
  if ('restartAgent' in step) return stack.restartAgent();
}

async function sendHttp(stack: Stack, http: Extract<ScenarioStep, { http: unknown }>['http'], sequence: { next: number }): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: HTTP_CONCURRENCY });
  const url = new URL(stack.nginx.url);
  let remaining = http.count;
  const worker = async (): Promise<void> => {
    while (remaining > 0) {
      remaining--;
      const id = sequence.next++;
      const path = http.unique ? `${http.path}${http.path.includes('?') ? '&' : '?'}hp=${id}` : http.path;
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest({ host: url.hostname, port: url.port, path, method: http.method, headers: http.headers, agent }, (res) => {
          res.resume();
          res.once('end', () => resolve());
        });
        req.once('error', reject);
        req.end();
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(HTTP_CONCURRENCY, http.count) }, worker));
  agent.destroy();
}

/** Writes raw bytes to nginx's port and waits until nginx closes the connection (it logs then). */
function sendTcp(stack: Stack, bytes: Buffer): Promise<void> {
  const url = new URL(stack.nginx.url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const timer = setTimeout(() => socket.destroy(), 10_000);
    socket.once('connect', () => socket.end(bytes));
    socket.on('data', () => {});
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
  });
}
