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

test("freePort gives ports below the kernel's ephemeral range, so no bind to port 0 elsewhere can take one first, and each can be bound", async (t) => {
  const lowest = Number((await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')).trim().split(/\s+/)[0]);
  // Hold ports the kernel chose, as test files running alongside do, while drawing.
  const held = await Promise.all(Array.from({ length: 20 }, () => listen(0)));
  try {
    const heldPorts = new Set(held.map((server) => (server.address() as { port: number }).port));
    for (let draw = 0; draw < 20; draw += 1) {
      const port = await freePort();
      t.true(port >= 10000 && port < lowest, `port ${port} is outside 10000–${lowest - 1}`);
      t.false(heldPorts.has(port));
      const server = await listen(port);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  } finally {
    await Promise.all(held.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
});
