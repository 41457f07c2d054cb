import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PipelineConfig } from '../provision/index.js';
import { auditPassed, auditPipeline, collectAuditInput, drainStack, formatAudit, predictTransform, readObjects, type AuditReport } from '../scenarios/index.js';
import { PACKAGE_ROOT, startStack, type RunningPipeline } from '../stack/index.js';
import { destroyClients, endpointClients, type PipelineClients } from './clients.js';
import { resolvePipelineConfig, type PipelineDocument } from './config.js';
import { parseRecords, type PipelineObject } from './records.js';
import { sendRequests, type PipelineRequest, type SentResponse } from './send.js';

export interface StartPipelineOptions {
  /** A path to hosepipe.yaml (relative to the working folder; default `hosepipe.yaml`), or the same settings as an object. */
  config?: string | PipelineDocument;
  /** A Terraform root to apply to the local endpoint instead of `config`'s pipeline. */
  terraform?: { dir: string; vars?: Record<string, string> };
  /** `embedded` (default): everything on this machine. `aws`: a deployed pipeline in your AWS account. */
  target?: 'embedded' | 'aws';
  /** Ports for the endpoint and nginx; 0 (the default) picks free ones, so tests run side by side. */
  ports?: { endpoint?: number; nginx?: number };
  /** Where the pipeline keeps its logs, bucket and checkpoints; a new temporary folder unless given. */
  stateDir?: string;
  /** Keep the temporary state folder after stop (a given `stateDir` is always kept). */
  keepState?: boolean;
  /** Progress lines (provisioning), e.g. `console.error`. */
  log?: (line: string) => void;
}

/** What `audit()` found: the same report `hosepipe audit` prints. */
export interface PipelineAudit {
  /** No line is missing at any stage. */
  passed: boolean;
  report: AuditReport;
  /** The table `hosepipe audit` prints. */
  text: string;
}

/** The resources the pipeline's data flows through. */
export interface PipelineNames {
  bucket: string;
  stream: string;
  deliveryStream: string;
  functionName: string;
}

/** A running pipeline, from startPipeline: stop it (or `await using` it) when the test is done. */
export interface Pipeline {
  readonly target: 'embedded' | 'aws';
  /** The pipeline's settings, validated, with every default filled in. */
  readonly config: PipelineConfig;
  readonly region: string;
  /** The AWS endpoint the clients talk to, e.g. http://127.0.0.1:38211. */
  readonly endpointUrl: string;
  /** nginx, whose access log the agent ships, e.g. http://127.0.0.1:40117. */
  readonly nginxUrl: string;
  /** nginx's access log on this machine. */
  readonly accessLog: string;
  readonly names: PipelineNames;
  /** Where Firehose writes: transformed records, failures, and the raw backup (null when there is none). */
  readonly prefixes: { success: string; error: string; backup: string | null };
  readonly stateDir: string;
  readonly clients: PipelineClients;
  /** Real HTTP requests to nginx; resolves with nginx's answers in order. */
  send(requests: PipelineRequest | readonly PipelineRequest[]): Promise<SentResponse[]>;
  /** Waits until the agent has shipped every line nginx logged, then has Firehose deliver every buffer to S3. */
  flush(): Promise<void>;
  /** Every object under `prefix` (default: the whole bucket), sorted by key, bodies as stored. */
  objects(prefix?: string): Promise<PipelineObject[]>;
  /** The JSON records under `prefix` (default: the success prefix), gunzipped when compressed, one per line. */
  records<T = Record<string, unknown>>(prefix?: string): Promise<T[]>;
  /** Flushes (unless `drain: false`), then checks every access-log line against the bucket, as `hosepipe audit`. */
  audit(options?: { drain?: boolean }): Promise<PipelineAudit>;
  /** Stops nginx, the agent and the endpoint and removes the temporary state folder. Idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Thrown for an option this version cannot run yet. */
export class NotAvailableError extends Error {
  readonly option: string;
  constructor(option: string, message: string) {
    super(`startPipeline: ${option} is not available yet: ${message}`);
    this.name = 'NotAvailableError';
    this.option = option;
  }
}

/**
 * Starts a whole pipeline for a test: the local AWS endpoint with the pipeline provisioned, nginx and the
 * shipping agent, on free ports, in a state folder of its own. Resolves when nginx's lines would be shipped.
 */
export async function startPipeline(options: StartPipelineOptions = {}): Promise<Pipeline> {
  const target = options.target ?? 'embedded';
  if (target !== 'embedded' && target !== 'aws') throw new TypeError(`startPipeline: target must be embedded or aws (got ${JSON.stringify(target)})`);
  if (target === 'aws') throw new NotAvailableError('target: aws', 'the aws kind of stack (a deployed pipeline) has not landed in this version; use the embedded target');
  if (options.terraform !== undefined) throw new NotAvailableError('terraform', 'applying a Terraform root (startTerraformStack) has not landed in this version; use config');
  const config = resolvePipelineConfig(options.config);
  const keep = options.keepState === true || options.stateDir !== undefined;
  const stateDir = options.stateDir === undefined ? mkdtempSync(join(tmpdir(), 'hosepipe-pipeline-')) : resolve(options.stateDir);
  mkdirSync(stateDir, { recursive: true });
  // nginx workers (user nobody when run as root) reopen the logs after a rotation: they must reach the folder.
  if (options.stateDir === undefined) chmodSync(stateDir, 0o755);
  const removeState = () => { if (!keep) rmSync(stateDir, { recursive: true, force: true }); };
  let stack: RunningPipeline;
  try {
    stack = await startStack({
      config,
      root: PACKAGE_ROOT,
      stateDir,
      endpointPort: options.ports?.endpoint ?? 0,
      nginxPort: options.ports?.nginx ?? 0,
      // Each pipeline builds its own copy of the transform zip (from the sources), so parallel starts never share a half-written file.
      artifactDir: join(stateDir, 'artifact'),
      ...(options.log ? { log: options.log } : {}),
    });
  } catch (error) {
    removeState();
    throw error;
  }
  return embeddedPipeline(stack, config, removeState);
}

function embeddedPipeline(stack: RunningPipeline, config: PipelineConfig, removeState: () => void): Pipeline {
  const clients = endpointClients(stack.endpoint.url, config.region);
  const names: PipelineNames = { bucket: stack.names.bucket, stream: stack.names.stream, deliveryStream: stack.names.deliveryStream, functionName: stack.names.functionName };
  const flush = async (): Promise<void> => { await drainStack(stack); };
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      destroyClients(clients);
      try {
        await stack.stop();
      } finally {
        removeState();
      }
    })();
    return stopping;
  };
  return {
    target: 'embedded',
    config,
    region: config.region,
    endpointUrl: stack.endpoint.url,
    nginxUrl: stack.nginx.url,
    accessLog: stack.nginx.accessLog,
    names,
    prefixes: stack.prefixes,
    stateDir: stack.stateDir,
    clients,
    send: (requests) => sendRequests(stack.nginx.url, requests),
    flush,
    objects: (prefix = '') => readObjects(clients.s3, names.bucket, prefix),
    async records<T>(prefix = stack.prefixes.success) {
      if (config.firehose.compression !== 'UNCOMPRESSED' && config.firehose.compression !== 'GZIP') {
        throw new NotAvailableError('records()', `it reads UNCOMPRESSED and GZIP objects; this pipeline's compression is ${config.firehose.compression} (objects() gives the bodies as stored)`);
      }
      return parseRecords<T>(await readObjects(clients.s3, names.bucket, prefix));
    },
    async audit(options = {}) {
      if (options.drain !== false) await flush();
      const input = await collectAuditInput({ endpoint: stack.endpoint.url, region: config.region, bucket: names.bucket, deliveryStream: names.deliveryStream, accessLog: stack.nginx.accessLog, prefixes: stack.prefixes });
      const report = auditPipeline({ ...input, predict: predictTransform(config) });
      return { passed: auditPassed(report), report, text: formatAudit(report) };
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
