import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import test from 'ava';
import { freePort } from '../../stack/process.js';

const listen = (port: number): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

test("freePort gives ports below the kernel's ephemeral range, so no bind to port 0 elsewhere can take one first; each can be bound, and draws in a row differ", async (t) => {
  const lowest = Number((await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')).trim().split(/\s+/)[0]);
  const drawn: number[] = [];
  for (let draw = 0; draw < 20; draw += 1) {
    const port = await freePort();
    t.true(port >= 10000 && port < lowest, `port ${port} is outside 10000–${lowest - 1}`);
    const server = await listen(port);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    drawn.push(port);
  }
  t.is(new Set(drawn).size, drawn.length);
});
