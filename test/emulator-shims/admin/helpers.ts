/** A provisioned pipeline on a fresh endpoint (no nginx, no agent), for the pipeline view's tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { transformArtifact } from '../../../stack/artifact.js';
import { createEdgeServer, type EdgeServer } from '../../../emulator-shims/index.js';
import type { PipelineSnapshot } from '../../../emulator-shims/admin/index.js';
import { localTarget, parsePipelineConfig, provision, type DesiredPipeline, type PipelineConfig, type Target } from '../../../provision/index.js';

export interface ViewPipeline {
  edge: EdgeServer;
  stateDir: string;
  config: PipelineConfig;
  desired: DesiredPipeline;
  target: Target;
  /** `/_hosepipe/pipelines/{account}/{region}/{name}` of the delivery stream. */
  path: string;
  snapshot(): Promise<PipelineSnapshot>;
  putLines(lines: string[]): Promise<void>;
}

export async function startViewPipeline(t: { teardown(fn: () => Promise<void>): void }, settings: Record<string, unknown> = {}): Promise<ViewPipeline> {
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-view-'));
  const edge = await createEdgeServer({ port: 0, stateDir });
  t.teardown(() => edge.close());
  const config = parsePipelineConfig({ name: `v-${Math.random().toString(36).slice(2, 8)}`, ...settings });
  const artifact = await transformArtifact(config, join(stateDir, 'artifact'));
  const target = localTarget(edge.url, config.region);
  const { desired } = await provision(target, config, artifact);
  const path = `/_hosepipe/pipelines/000000000000/${config.region}/${desired.deliveryStream.name}`;
  return {
    edge, stateDir, config, desired, target, path,
    async snapshot() {
      const response = await fetch(`${edge.url}${path}`);
      if (!response.ok) throw new Error(`snapshot: HTTP ${response.status} ${await response.text()}`);
      return (await response.json()) as PipelineSnapshot;
    },
    async putLines(lines) {
      await target.clients.kinesis.send(new PutRecordsCommand({
        StreamName: desired.stream.name,
        Records: lines.map((line, index) => ({ Data: Buffer.from(`${line}\n`), PartitionKey: String(index) })),
      }));
    },
  };
}

/** An access-log line in the default format, for `path`. */
export function accessLine(path: string, status = 200): string {
  return `127.0.0.1 - - [25/Nov/2026:18:05:01 +0000] "GET ${path} HTTP/1.1" ${status} 20 "-" "curl/7.88.1"`;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
