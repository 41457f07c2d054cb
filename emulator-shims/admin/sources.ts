/**
 * What feeds a Kinesis stream from outside the endpoint: nginx and the agent. Whoever starts them
 * (`hosepipe up`, a scenario's stack) registers them with `POST /_hosepipe/sources`; the view matches a
 * source to a delivery stream by the stream it ships to. Values are checked before anything uses them:
 * the endpoint only ever GETs a loopback status URL and only reads an access log inside its state folder.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { AwsError, isRegionName, LOCAL_ACCOUNT_ID } from '../shared/index.js';

export interface PipelineSource {
  /** The Kinesis stream the agent ships to, in this account and region. */
  stream: string;
  accountId: string;
  region: string;
  /** The agent's `GET /status`, on a loopback address. */
  agentStatusUrl?: string;
  nginxUrl?: string;
  /** nginx's access log, inside the endpoint's state folder. */
  accessLog?: string;
}

/** Sources kept at once; registering one more for the same stream replaces it. */
export const MAX_SOURCES = 64;
const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
const ACCOUNT = /^\d{12}$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const FIELDS = new Set(['stream', 'accountId', 'region', 'agentStatusUrl', 'nginxUrl', 'accessLog']);

/** A loopback http URL with a port, or a message saying why not. */
function loopbackUrl(value: unknown, field: string): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' && value.length <= 2048 ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname) || url.username !== '' || url.password !== '') {
    throw new AwsError('InvalidArgument', `source: "${field}" must be an http:// URL on 127.0.0.1, localhost or [::1], got ${JSON.stringify(value)?.slice(0, 200)}`);
  }
  return url.href;
}

/** Pure apart from resolving symlinks: the access log's real path, which must lie inside `stateDir`. */
function accessLogPath(value: unknown, stateDir: string): string {
  if (typeof value !== 'string' || !isAbsolute(value) || value.length > 4096 || value.includes('\0')) {
    throw new AwsError('InvalidArgument', `source: "accessLog" must be an absolute path, got ${JSON.stringify(value)?.slice(0, 200)}`);
  }
  const root = realOrResolved(stateDir);
  const path = realOrResolved(value);
  const inside = relative(root, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || inside.split(sep).includes('..')) {
    throw new AwsError('InvalidArgument', `source: "accessLog" must be a file inside the endpoint's state folder ${stateDir}, got ${JSON.stringify(value).slice(0, 200)}`);
  }
  return path;
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    // Not there yet (nginx creates it on its first line): the folder's real path and the name.
    const parent = resolve(path, '..');
    try {
      return resolve(realpathSync(parent), path.slice(path.lastIndexOf(sep) + 1));
    } catch {
      return resolve(path);
    }
  }
}

/** Checks one `POST /_hosepipe/sources` body; every problem is named in one InvalidArgument. */
export function parseSource(input: unknown, stateDir: string, defaults: { accountId?: string; region: string }): PipelineSource {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new AwsError('InvalidArgument', 'source: the body must be a JSON object');
  const body = input as Record<string, unknown>;
  const unknown = Object.keys(body).filter((name) => !FIELDS.has(name));
  if (unknown.length > 0) throw new AwsError('InvalidArgument', `source: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.slice(0, 5).map((name) => JSON.stringify(name.slice(0, 64))).join(', ')}`);
  if (typeof body.stream !== 'string' || !STREAM_NAME.test(body.stream)) {
    throw new AwsError('InvalidArgument', `source: "stream" must be a Kinesis stream name (1-128 of a-z A-Z 0-9 _ . -), got ${JSON.stringify(body.stream)?.slice(0, 200)}`);
  }
  const accountId = body.accountId ?? defaults.accountId ?? LOCAL_ACCOUNT_ID;
  if (typeof accountId !== 'string' || !ACCOUNT.test(accountId)) throw new AwsError('InvalidArgument', `source: "accountId" must be 12 digits, got ${JSON.stringify(accountId)?.slice(0, 64)}`);
  const region = body.region ?? defaults.region;
  if (typeof region !== 'string' || !isRegionName(region)) throw new AwsError('InvalidArgument', `source: "region" must be a region name such as us-east-1, got ${JSON.stringify(region)?.slice(0, 64)}`);
  return {
    stream: body.stream,
    accountId,
    region,
    ...(body.agentStatusUrl === undefined ? {} : { agentStatusUrl: loopbackUrl(body.agentStatusUrl, 'agentStatusUrl') }),
    ...(body.nginxUrl === undefined ? {} : { nginxUrl: loopbackUrl(body.nginxUrl, 'nginxUrl') }),
    ...(body.accessLog === undefined ? {} : { accessLog: accessLogPath(body.accessLog, stateDir) }),
  };
}

export interface SourceRegistry {
  register(source: PipelineSource): void;
  find(accountId: string, region: string, stream: string): PipelineSource | undefined;
  list(): PipelineSource[];
  clear(): number;
}

export function createSourceRegistry(): SourceRegistry {
  const sources = new Map<string, PipelineSource>();
  const keyOf = (accountId: string, region: string, stream: string): string => `${accountId}/${region}/${stream}`;
  return {
    register(source) {
      const key = keyOf(source.accountId, source.region, source.stream);
      if (!sources.has(key) && sources.size >= MAX_SOURCES) throw new AwsError('LimitExceededException', `source: at most ${MAX_SOURCES} sources are kept; DELETE /_hosepipe/sources first`);
      sources.set(key, source);
    },
    find: (accountId, region, stream) => sources.get(keyOf(accountId, region, stream)),
    list: () => [...sources.values()],
    clear() {
      const count = sources.size;
      sources.clear();
      return count;
    },
  };
}
