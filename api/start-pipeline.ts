import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PipelineConfig } from '../provision/index.js';
import { auditPassed, auditPipeline, collectAuditInput, drainStack, formatAudit, predictTransform, readObjects, type AuditReport } from '../scenarios/index.js';
import { PACKAGE_ROOT, startStack, startTerraformStack, type RunningPipeline, type TerraformRoot } from '../stack/index.js';
import { destroyClients, endpointClients, type PipelineClients } from './clients.js';
import { resolvePipelineConfig, type PipelineDocument } from './config.js';
import { parseRecords, type PipelineObject } from './records.js';
import { sendRequests, type PipelineRequest, type SentResponse } from './send.js';

export interface StartPipelineOptions {
  /** A path to hosepipe.yaml (relative to the working folder; default `hosepipe.yaml`), or the same settings as an object. */
  config?: string | PipelineDocument;
  /**
   * A Terraform root applied to the local endpoint: its stream, function and delivery stream are the pipeline
   * (`config`, when given, then only sets nginx, the agent and the endpoint). As `hosepipe up --terraform`.
   */
  terraform?: PipelineTerraform;
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

/** The Terraform root startPipeline applies, with its variables (`-var`, `-var-file`). */
export interface PipelineTerraform {
  /** The root module's folder; Terraform's state and hosepipe's endpoint override are written there. */
  dir: string;
  vars?: Record<string, string>;
  varFiles?: string[];
  /** The Kinesis stream nginx's lines are shipped to, when the root makes several. */
  stream?: string;
  /** Terraform's environment, over this process's (e.g. TF_CLI_CONFIG_FILE for a provider mirror). */
  env?: NodeJS.ProcessEnv;
}

/** What `audit()` found: the same report `hosepipe audit` prints. */
export interface PipelineAudit {
  /** No line is missing at any stage. */
  passed: boolean;
  report: AuditReport;
  /** The table `hosepipe audit` prints. */
  text: string;
}

/** The resources the pipeline's data flows through (a Terraform root's own names, with `terraform`). */
export interface PipelineNames {
  bucket: string;
  stream: string;
  deliveryStream: string;
  functionName: string;
}

/** A running pipeline, from startPipeline: stop it (or `await using` it) when the test is done. */
export interface Pipeline {
  /** embedded (hosepipe.yaml's pipeline provisioned on the local endpoint) or terraform (a root applied to it). */
  readonly kind: 'embedded' | 'terraform' | 'aws';
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
 * Starts a whole pipeline for a test: the local AWS endpoint with the pipeline provisioned (from hosepipe.yaml's
 * settings, or by applying a Terraform root), nginx and the shipping agent, on free ports, in a state folder of
 * its own. Resolves when nginx's lines would be shipped.
 */
export async function startPipeline(options: StartPipelineOptions = {}): Promise<Pipeline> {
  const target = options.target ?? 'embedded';
  if (target !== 'embedded' && target !== 'aws') throw new TypeError(`startPipeline: target must be embedded or aws (got ${JSON.stringify(target)})`);
  if (target === 'aws') throw new NotAvailableError('target: aws', 'the aws kind of stack (a deployed pipeline) has not landed in this version; use the embedded target');
  const terraform = options.terraform === undefined ? undefined : terraformRoot(options.terraform);
  // With a Terraform root, hosepipe.yaml is read only when named: the root defines the pipeline.
  const config = terraform !== undefined && options.config === undefined ? undefined : resolvePipelineConfig(options.config);
  const keep = options.keepState === true || options.stateDir !== undefined;
  const stateDir = options.stateDir === undefined ? mkdtempSync(join(tmpdir(), 'hosepipe-pipeline-')) : resolve(options.stateDir);
  mkdirSync(stateDir, { recursive: true });
  // nginx workers (user nobody when run as root) reopen the logs after a rotation: they must reach the folder.
  if (options.stateDir === undefined) chmodSync(stateDir, 0o755);
  const removeState = () => { if (!keep) rmSync(stateDir, { recursive: true, force: true }); };
  const common = {
    root: PACKAGE_ROOT,
    stateDir,
    endpointPort: options.ports?.endpoint ?? 0,
    nginxPort: options.ports?.nginx ?? 0,
    ...(options.log ? { log: options.log } : {}),
  };
  let stack: RunningPipeline;
  try {
    stack = terraform !== undefined
      ? await startTerraformStack({ ...common, ...terraform, ...(config ? { config } : {}) })
      // Each pipeline builds its own copy of the transform zip (from the sources), so parallel starts never share a half-written file.
      : await startStack({ ...common, config: config!, artifactDir: join(stateDir, 'artifact') });
  } catch (error) {
    removeState();
    throw error;
  }
  return pipelineOf(stack, removeState);
}

function terraformRoot(terraform: PipelineTerraform): TerraformRoot {
  if (terraform === null || typeof terraform !== 'object' || typeof terraform.dir !== 'string' || terraform.dir.length === 0) {
    throw new TypeError('startPipeline: terraform needs a dir, the Terraform root\'s folder');
  }
  const { dir, vars, varFiles, stream, env } = terraform;
  return { dir: resolve(dir), ...(vars ? { vars } : {}), ...(varFiles ? { varFiles } : {}), ...(stream ? { stream } : {}), ...(env ? { env } : {}) };
}

function pipelineOf(stack: RunningPipeline, removeState: () => void): Pipeline {
  // The stack's settings: a Terraform root's region, prefixes and function are in them.
  const { config } = stack;
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
    kind: stack.kind === 'terraform' ? 'terraform' : 'embedded',
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
