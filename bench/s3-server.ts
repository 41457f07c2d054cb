/**
 * One S3 server for bench/edge.bench.ts, in a process of its own so its CPU time can be told apart
 * from the load generator's: `edge` (the endpoint with hosepipe's store) or `s3rver` (the baseline).
 * Tells its parent its URL, then its CPU time whenever asked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEdgeServer } from '../emulator-shims/index.js';

const kind = process.argv[2];
const stateDir = mkdtempSync(join(tmpdir(), `hosepipe-bench-${kind}-`));
let close: () => Promise<void>;
let url: string;
if (kind === 'edge') {
  const edge = await createEdgeServer({ port: 0, stateDir });
  ({ url } = edge);
  close = () => edge.close();
} else {
  const S3rver = createRequire(import.meta.url)('s3rver') as new (options: object) => { run(): Promise<AddressInfo>; close(): Promise<void> };
  const s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: stateDir });
  url = `http://127.0.0.1:${(await s3rver.run()).port}`;
  close = () => s3rver.close();
}
process.send!({ url });
process.on('message', (message) => {
  if (message === 'cpu') {
    const usage = process.cpuUsage();
    process.send!({ cpuMicros: usage.user + usage.system });
  } else if (message === 'close') {
    void close().finally(() => {
      rmSync(stateDir, { recursive: true, force: true });
      process.exit(0);
    });
  }
});
