import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../flags.js';

/** `hosepipe scenario new <name>`: writes `<dir>/<name>.scenario.yaml`, a commented scenario that passes as is. */
export async function scenario(flags: Record<string, string | boolean>, positionals: string[]): Promise<number> {
  const [action, name, ...rest] = positionals;
  if (action !== 'new' || !name || rest.length > 0) throw new UsageError('scenario: usage is `hosepipe scenario new <name>`');
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) throw new UsageError(`scenario new: name must be kebab-case (a-z, 0-9, -), got '${name}'`);
  const dir = resolve(typeof flags.dir === 'string' ? flags.dir : 'scenarios');
  const file = join(dir, `${name}.scenario.yaml`);
  if (existsSync(file) && flags.force !== true) {
    console.error(`hosepipe: ${file} exists; pass --force to overwrite it`);
    return 1;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, scenarioTemplate(name));
  console.log(`wrote ${file}\nrun it: HOSEPIPE_SCENARIOS=${name} make e2e   (the format: docs/scenarios.md)`);
  return 0;
}

/** Pure: the starting point, with every step and expectation kind shown (most commented out). */
export function scenarioTemplate(name: string): string {
  const title = name.replaceAll('-', ' ');
  return `# A hosepipe scenario: steps run against a fresh stack (endpoint, nginx, agent), then the runner
# drains everything to S3 and checks each expectation. The whole format: docs/scenarios.md.
name: ${title.charAt(0).toUpperCase()}${title.slice(1)} (say what it proves, as a sentence)
description: >
  What happens, and why it matters.
# Record the normalised bucket contents in ${name}.snapshot.json (make e2e UPDATE=1) and diff later runs.
snapshot: false
# hosepipe.yaml overrides for this scenario's stack.
pipeline:
  agent: { maxBufferSizeRecords: 100, maxBufferAgeMs: 200 }
steps:
  # Real HTTP requests to nginx; each path gets ?hp=<n> so every line is unique.
  - http: { path: /hello, count: 20, headers: { User-Agent: scenario/1.0 } }
  # Requests in the background while the next steps run; awaited at the next drain.
  # - load: { path: /busy, count: 1000, concurrency: 4, rate: 1000 }
  # Raw bytes on nginx's port (a TLS ClientHello start): nginx answers 400 and logs them escaped.
  # - tcp: { base64: "FgMBAgABAAH8AwM=" }
  # Lines written straight to the access log (with a newline each), or raw text without one.
  - append: { lines: ["not an access log line"] }
  # - appendRaw: { text: "half a line" }
  # Faults on the endpoint: by count or probability, with an AWS error and/or latency.
  # - fault: { service: kinesis, operation: PutRecords, error: ProvisionedThroughputExceededException, probability: 0.3 }
  # - wait: { faultHits: 3 }
  # - clearFaults: {}
  # The agent: SIGTERM and start again, or SIGKILL then start.
  # - restartAgent: {}
  # - killAgent: {}
  # - startAgent: {}
  # logrotate: rename (then nginx reopens) or copytruncate.
  # - rotate: { mode: rename }
  # The endpoint stopped and started again on the same port and state folder.
  # - restartEndpoint: { downMs: 1000 }
  # Only where real time must pass.
  # - wait: { ms: 500 }
  - drain: {}
expect:
  - records: { count: 20, where: { uri: { $regex: "^/hello\\\\?" } }, match: { status: 200, http_user_agent: scenario/1.0 } }
  - errors: { count: 1, errorCode: Lambda.ProcessingFailedStatus, rawContains: ["not an access log line"] }
  # - objects: { prefix: success, min: 1 }
  # - faults: { minHits: 1 }
  # Every line written is in the raw backup once and in exactly one of success / error / dropped.
  - audit: { lines: 21, failed: 1, maxDuplicated: 0 }
`;
}
