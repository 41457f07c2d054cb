import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { acceptsEvery } from './put-records-answer.js';
import { putRecordsBody } from './request-body.js';
import { signRequest, type Credentials } from './sigv4.js';

// node:https (and the TLS it brings, megabytes and milliseconds at start) is loaded only for an https endpoint:
// the agent of a local pipeline speaks plain HTTP.
const loadHttps = (): typeof import('node:https') => createRequire(import.meta.url)('node:https') as typeof import('node:https');

/** One record of a PutRecords call: a queued record is one as it is, with no entry made for the call. */
export interface PutRecordsEntry {
  readonly data: Buffer;
  readonly partitionKey: string;
}

/** Kinesis's answer for one record: a sequence number, or an error code. */
export interface PutRecordsResultEntry {
  SequenceNumber?: string;
  ShardId?: string;
  ErrorCode?: string;
  ErrorMessage?: string;
}

/** A PutRecords answer that accepted every record sent, read without an entry per record (put-records-answer.ts). */
export const ALL_ACCEPTED = Symbol('every record accepted');

/** What the agent needs of Kinesis: PutRecords, answered by ALL_ACCEPTED or by each record's result in order. */
export interface KinesisPutClient {
  putRecords(stream: string, entries: readonly PutRecordsEntry[]): Promise<PutRecordsResultEntry[] | typeof ALL_ACCEPTED>;
  destroy(): void;
}

/**
 * A whole PutRecords call that failed, shaped as the SDK's errors are: `name` is the AWS error code (the
 * exception Kinesis names, e.g. ProvisionedThroughputExceededException) and `$metadata.httpStatusCode`
 * the HTTP status, which is what retry-policy.ts reads.
 */
export class KinesisCallError extends Error {
  readonly $metadata: { httpStatusCode: number };

  constructor(code: string, message: string, httpStatusCode: number) {
    super(message);
    this.name = code;
    this.$metadata = { httpStatusCode };
  }
}

const CONNECT_TIMEOUT_MS = 5000;
const REQUEST_TIMEOUT_MS = 60_000;
const TARGET = 'Kinesis_20131202.PutRecords';

/** Where Kinesis is when no endpoint is set: the endpoint variables the SDK reads, else the region's endpoint. */
function defaultEndpoint(region: string): string {
  const configured = process.env.AWS_ENDPOINT_URL_KINESIS ?? process.env.AWS_ENDPOINT_URL;
  if (configured && process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS !== 'true') return configured;
  const fips = process.env.AWS_USE_FIPS_ENDPOINT === 'true' ? '-fips' : '';
  return `https://kinesis${fips}.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

/**
 * Credentials from the environment when set (the standard chain's first source); with a local endpoint
 * and none set, dummy ones: emulators accept any signature, and a developer machine should not need an
 * AWS account. Otherwise the standard chain (@aws-sdk/credential-provider-node: profiles, SSO, web
 * identity, container and instance roles), loaded only then; it caches and refreshes what it resolves.
 */
function credentialSource(endpoint: string | undefined): () => Promise<Credentials> {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = process.env;
  if (accessKeyId && secretAccessKey) {
    const fromEnvironment: Credentials = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
    return async () => fromEnvironment;
  }
  if (endpoint) return async () => ({ accessKeyId: 'test', secretAccessKey: 'test' });
  let chain: Promise<() => Promise<Credentials>> | undefined;
  return async () => {
    chain ??= import('@aws-sdk/credential-provider-node').then(({ defaultProvider }) => defaultProvider());
    return (await chain)();
  };
}

/** The code an error answer names: the x-amzn-ErrorType header or the body's __type, without namespace and URL. */
function errorCodeOf(response: IncomingMessage, body: Record<string, unknown> | undefined): string {
  const raw = response.headers['x-amzn-errortype'] ?? body?.__type ?? body?.code;
  if (typeof raw !== 'string' || raw === '') return 'UnknownError';
  const code = raw.split(':', 1)[0]!;
  return code.slice(code.lastIndexOf('#') + 1);
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The agent's Kinesis client: PutRecords over HTTP/1.1 with keep-alive (local endpoints, hosepipe's and
 * other emulators, do not speak HTTP/2), signed with Signature Version 4. No retries here: the sender
 * owns them and counts them. Not the SDK's KinesisClient, which costs the agent about 15 MiB of memory
 * for one operation.
 */
export function createKinesisClient(options: { region: string; endpoint: string | undefined }): KinesisPutClient {
  const url = new URL(options.endpoint ?? defaultEndpoint(options.region));
  const secure = url.protocol === 'https:';
  const https = secure ? loadHttps() : undefined;
  const agent = https ? new https.Agent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const request = https ? https.request : httpRequest;
  const credentials = credentialSource(options.endpoint);
  const path = url.pathname || '/';

  const call = (body: Buffer, headers: Record<string, string>) => new Promise<{ response: IncomingMessage; answer: Buffer }>((resolve, reject) => {
    const outgoing = request({ protocol: url.protocol, hostname: url.hostname, ...(url.port ? { port: url.port } : {}), path, method: 'POST', headers, agent, timeout: REQUEST_TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ response, answer: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    const fail = (message: string) => outgoing.destroy(new KinesisCallError('TimeoutError', message, 0));
    outgoing.on('timeout', () => fail(`no answer from ${url.origin} within ${REQUEST_TIMEOUT_MS} ms`));
    outgoing.on('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => fail(`could not connect to ${url.origin} within ${CONNECT_TIMEOUT_MS} ms`), CONNECT_TIMEOUT_MS);
      socket.once('connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });

  return {
    async putRecords(stream, entries) {
      // Encoded once: the signature's hash and the request both take these bytes.
      const body = putRecordsBody(stream, entries);
      const headers = signRequest({
        method: 'POST',
        host: url.host,
        path,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'content-length': String(body.length), 'x-amz-target': TARGET },
        body,
        region: options.region,
        service: 'kinesis',
        credentials: await credentials(),
      });
      const { response, answer } = await call(body, headers);
      const status = response.statusCode ?? 0;
      const succeeded = status >= 200 && status < 300;
      if (succeeded && acceptsEvery(answer, entries.length)) return ALL_ACCEPTED;
      const parsed = parseJson(answer.toString('utf8'));
      if (!succeeded) {
        const message = parsed?.message ?? parsed?.Message;
        throw new KinesisCallError(errorCodeOf(response, parsed), typeof message === 'string' ? message : `HTTP ${status}`, status);
      }
      if (!Array.isArray(parsed?.Records)) throw new KinesisCallError('InvalidResponse', `PutRecords answered HTTP ${status} without a Records list`, status);
      return parsed.Records as PutRecordsResultEntry[];
    },
    destroy: () => agent.destroy(),
  };
}
