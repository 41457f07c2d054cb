// A hosepipe endpoint in a process of its own, standing in for an external engine (a pinned LocalStack):
// prints `ready <url>` on stdout, closes on SIGTERM. Its state folder is argv[2].
import { createEdgeServer } from '../../../emulator-shims/index.js';

const edge = await createEdgeServer({ port: 0, stateDir: process.argv[2] ?? '.' });
process.stdout.write(`ready ${edge.url}\n`);
process.once('SIGTERM', () => void edge.close().then(() => process.exit(0)));
