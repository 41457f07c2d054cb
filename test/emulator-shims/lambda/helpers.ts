import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, LambdaClient, type CreateFunctionCommandInput } from '@aws-sdk/client-lambda';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { ExecutionContext } from 'ava';
import { strToU8, zipSync } from 'fflate';
import { createLambdaServer } from '../../../emulator-shims/lambda/index.js';

export const SCOPE = { accountId: '000000000000', region: 'us-east-1' };
export const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

export interface LambdaHarness {
  url: string;
  stateDir: string;
  client: LambdaClient;
}

export async function makeStateDir(t: ExecutionContext): Promise<string> {
  const stateDir = await mkdtemp(join(tmpdir(), 'hosepipe-lambda-'));
  t.teardown(() => rm(stateDir, { recursive: true, force: true }));
  return stateDir;
}

export function makeClient(t: ExecutionContext, url: string): LambdaClient {
  // The SDK's default handler may speak HTTP/2; the local endpoint is HTTP/1.1.
  const client = new LambdaClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 1,
  });
  t.teardown(() => client.destroy());
  return client;
}

/** A Lambda server on port 0 with a fresh state folder (or the given one), closed after the test. */
export async function startLambda(t: ExecutionContext, options: { stateDir?: string; concurrency?: number } = {}): Promise<LambdaHarness> {
  const stateDir = options.stateDir ?? (await makeStateDir(t));
  const server = await createLambdaServer({ stateDir, scope: SCOPE, ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}) });
  t.teardown(() => server.close());
  return { url: server.url, stateDir, client: makeClient(t, server.url) };
}

/** A function name unique to this run, so parallel tests never share one. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export function zipOf(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));
}

export async function createNodeFunction(
  client: LambdaClient,
  name: string,
  files: Record<string, string>,
  overrides: Partial<CreateFunctionCommandInput> = {},
): Promise<void> {
  await client.send(new CreateFunctionCommand({
    FunctionName: name,
    Runtime: 'nodejs20.x',
    Role: ROLE,
    Handler: 'index.handler',
    Code: { ZipFile: zipOf(files) },
    ...overrides,
  }));
}

export function decodePayload(payload: Uint8Array | undefined): unknown {
  return payload === undefined || payload.length === 0 ? undefined : JSON.parse(Buffer.from(payload).toString('utf8'));
}

export function encodePayload(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value));
}
