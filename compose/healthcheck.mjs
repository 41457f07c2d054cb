// The endpoint container's healthcheck: healthy once the pipeline is provisioned (`ready` written) and the
// endpoint answers HTTP. /_hosepipe/health answers 200; with the admin API off (endpoint.admin: false) it is
// routed as any path AWS does not serve, and its 4xx answer shows the endpoint serving just as well.
// Plain JavaScript, so node starts it in a few milliseconds.
import { existsSync } from 'node:fs';

const ready = existsSync('/run/hosepipe/ready');
const answer = ready ? await fetch('http://127.0.0.1:4566/_hosepipe/health').catch(() => undefined) : undefined;
process.exit(answer !== undefined && answer.status < 500 ? 0 : 1);
