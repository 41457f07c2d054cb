import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createEdgeServer, type EdgeOptions, type EdgeServer } from '../../../emulator-shims/index.js';
import { createFixtureRoles } from './fixture-roles.js';

export const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A fresh edge on port 0 with its own state folder, closed when the test ends. */
export async function startEdge(t: { teardown(fn: () => Promise<void>): void }, options: Partial<EdgeOptions> = {}): Promise<EdgeServer> {
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-edge-'));
  const edge = await createEdgeServer({ port: 0, stateDir, ...options });
  t.teardown(async () => {
    await edge.close();
    rmSync(stateDir, { recursive: true, force: true, maxRetries: 3 });
  });
  return edge;
}

/** Client settings for the edge; HTTP/1.1 and no SDK retries, so a fault reaches the test as sent. */
export function clientConfig(edge: EdgeServer, extra: Record<string, unknown> = {}) {
  return { endpoint: edge.url, region: 'us-east-1', credentials, requestHandler: new NodeHttpHandler(), ...extra };
}

/** A name unique to this run, as AWS resource names must not collide between parallel tests. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** startEdge, with the fixture roles (`role/firehose`, `role/lambda-role`, …) created in the default account, as IAM is evaluated. */
export async function startEdgeWithRoles(t: { teardown(fn: () => Promise<void>): void }, options: Partial<EdgeOptions> = {}): Promise<EdgeServer> {
  const edge = await startEdge(t, options);
  await createFixtureRoles(edge.url);
  return edge;
}
