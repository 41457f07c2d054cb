/**
 * The hostile-input harness: an edge whose state folder sits inside a sandbox folder holding a
 * marker file beside it, and raw HTTP requests as an attacker sends them (no SDK, no valid
 * signature). After each case the test checks that the endpoint still answers its health check and
 * that nothing outside the state folder was created, changed or removed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, lstatSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { ExecutionContext } from 'ava';
import { createEdgeServer, type EdgeOptions, type EdgeServer } from '../../emulator-shims/index.js';
import { createFixtureRoles } from '../emulator-shims/edge/fixture-roles.js';

export interface HostileEdge {
  readonly edge: EdgeServer;
  /** The folder around the state folder: a marker file and a sibling folder live here. */
  readonly sandbox: string;
  readonly stateDir: string;
  send(request: RawRequest): Promise<RawAnswer>;
  /** Closes the edge and starts a new one on the same state folder (what the next `hosepipe up` does). */
  restart(): Promise<EdgeServer>;
  /** Fails the test when health does not answer 200 or anything outside the state folder changed. */
  assertUnharmed(t: ExecutionContext): Promise<void>;
}

export interface RawRequest {
  method?: string;
  /** Sent exactly as given: no normalisation of `..`, `%2e` or `//`. */
  path: string;
  headers?: Record<string, string | string[]>;
  body?: Buffer | string;
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
  /** `__type`/`code` of a JSON error, `<Code>` of an XML one, or the `x-amzn-errortype` header. */
  code: string | undefined;
}

/** A SigV4 Authorization header in form only (the endpoint does not verify signatures). */
export function authorization(service: string, region = 'us-east-1', accessKey = 'AKIDEXAMPLE'): string {
  return `AWS4-HMAC-SHA256 Credential=${accessKey}/20260101/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
}

/** Headers of an unsigned-but-well-formed JSON 1.1 call (Kinesis, Firehose, Logs). */
export function jsonCall(service: string, target: string, region = 'us-east-1'): Record<string, string> {
  return { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, authorization: authorization(service, region), 'x-amz-date': '20260101T000000Z' };
}

/**
 * Starts an edge in a fresh sandbox, closed at teardown; the sandbox is fingerprinted before any request.
 * `seed` may put files into the state folder first (what an older version or a crash left there).
 */
export async function startHostileEdge(t: ExecutionContext, options: Partial<EdgeOptions> = {}, seed?: (stateDir: string) => void): Promise<HostileEdge> {
  const sandbox = mkdtempSync(join(tmpdir(), 'hosepipe-hostile-'));
  // Registered first, so it runs after every edge of the sandbox has closed (ava runs teardowns last first).
  t.teardown(() => rmSync(sandbox, { recursive: true, force: true, maxRetries: 3 }));
  const stateDir = join(sandbox, 'state');
  mkdirSync(stateDir);
  mkdirSync(join(sandbox, 'sibling'));
  writeFileSync(join(sandbox, 'marker.txt'), 'must stay as it is\n');
  writeFileSync(join(sandbox, 'sibling', 'marker.txt'), 'must stay too\n');
  seed?.(stateDir);
  let edge = await createEdgeServer({ port: 0, stateDir, ...options });
  t.teardown(() => edge.close());
  const before = fingerprint(sandbox, stateDir);
  return {
    get edge() {
      return edge;
    },
    sandbox,
    stateDir,
    send: (raw) => sendRaw(edge.url, raw),
    async restart() {
      await edge.close();
      edge = await createEdgeServer({ port: 0, stateDir, ...options });
      const started = edge;
      t.teardown(() => started.close());
      return edge;
    },
    async assertUnharmed(test) {
      // Without the admin API there is no health path: an AWS call answers instead.
      const health = edge.admin
        ? await sendRaw(edge.url, { path: '/_hosepipe/health' })
        : await sendRaw(edge.url, { method: 'POST', path: '/', headers: jsonCall('firehose', 'Firehose_20150804.ListDeliveryStreams'), body: '{}' });
      test.is(health.status, 200, 'the endpoint still answers its health check');
      test.deepEqual(fingerprint(sandbox, stateDir), before, 'nothing outside the state folder changed');
    },
  };
}

/** Every file and folder under `root` but `skip`, with a hash of each file's bytes. */
function fingerprint(root: string, skip: string): Record<string, string> {
  const seen: Record<string, string> = {};
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (path === skip) continue;
      const stat = lstatSync(path);
      const key = relative(root, path);
      if (stat.isDirectory()) {
        seen[key] = 'folder';
        walk(path);
      } else {
        seen[key] = stat.isFile() ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'other';
      }
    }
  };
  walk(root);
  // Nothing may appear next to the sandbox either (a `../` one level too far).
  const around = readdirSync(join(root, '..')).filter((name) => name.startsWith('pwned'));
  for (const name of around) seen[`../${name}`] = 'appeared';
  return seen;
}

/** One raw HTTP/1.1 request; the path goes on the wire byte for byte. */
export function sendRaw(baseUrl: string, raw: RawRequest): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const body = raw.body === undefined ? undefined : Buffer.isBuffer(raw.body) ? raw.body : Buffer.from(raw.body);
    const headers: Record<string, string | string[]> = { host: `127.0.0.1:${url.port}`, ...raw.headers };
    if (body && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) headers['content-length'] = String(body.length);
    const request = httpRequest({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port), method: raw.method ?? 'GET', path: raw.path, headers, setHost: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const text = bytes.toString('utf8');
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: bytes, text, code: errorCode(text, response.headers) });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

function errorCode(text: string, headers: Record<string, string | string[] | undefined>): string | undefined {
  const xml = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  if (xml) return xml;
  try {
    const parsed = JSON.parse(text) as { __type?: string; code?: string; error?: string };
    const type = parsed.__type ?? parsed.code ?? parsed.error;
    if (typeof type === 'string') return type.includes('#') ? type.split('#').pop() : type;
  } catch {
    // not JSON
  }
  const header = headers['x-amzn-errortype'];
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(':')[0];
}

/** startHostileEdge, with the roles the cases name (`role/firehose`, `role/lambda-role`, `role/r`) created, as IAM is evaluated. */
export async function startHostileEdgeWithRoles(t: ExecutionContext, options: Partial<EdgeOptions> = {}, seed?: (stateDir: string) => void): Promise<HostileEdge> {
  const hostile = await startHostileEdge(t, options, seed);
  await createFixtureRoles(hostile.edge.url);
  return hostile;
}
