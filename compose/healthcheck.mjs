// The endpoint container's healthcheck: healthy once the pipeline is provisioned (`ready` written) and
// /_hosepipe/health answers. Plain JavaScript, so node starts it in a few milliseconds.
import { existsSync } from 'node:fs';

const ready = existsSync('/run/hosepipe/ready');
const answer = ready ? await fetch('http://127.0.0.1:4566/_hosepipe/health').catch(() => undefined) : undefined;
process.exit(answer?.ok ? 0 : 1);
