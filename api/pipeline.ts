import type { PipelineConfig } from '../provision/index.js';
import { auditPassed, auditPipeline, collectAuditInput, drainStack, formatAudit, gunzipObject, predictTransform, readAccessLogs, readObjects, type AuditInput, type AuditReport } from '../scenarios/index.js';
import type { RunningPipeline } from '../stack/index.js';
import { destroyClients, type PipelineClients } from './clients.js';
import { parseRecords, RecordsCompressionError, type PipelineObject } from './records.js';
import { sendRequests, type PipelineRequest, type SentResponse } from './send.js';

/** What `audit()` found: the same report `hosepipe audit` prints. */
export interface PipelineAudit {
  /** No line is missing at any stage. */
  passed: boolean;
  report: AuditReport;
  /** The table `hosepipe audit` prints. */
  text: string;
}

/** The resources the pipeline's data flows through (a Terraform root's or a deployment's own names). */
export interface PipelineNames {
  bucket: string;
  stream: string;
  deliveryStream: string;
  functionName: string;
}

/** A running pipeline, from startPipeline: stop it (or `await using` it) when the test is done. */
export interface Pipeline {
  /** embedded: hosepipe.yaml's pipeline on the local endpoint; terraform: a root applied to it; aws: a deployed pipeline. */
  readonly kind: 'embedded' | 'terraform' | 'aws';
  /** The pipeline's settings, validated, with every default filled in. */
  readonly config: PipelineConfig;
  readonly region: string;
  /** The AWS endpoint the clients talk to, e.g. http://127.0.0.1:38211 (AWS's Firehose endpoint for the aws target). */
  readonly endpointUrl: string;
  /** nginx, whose access log the agent ships, e.g. http://127.0.0.1:40117. */
  readonly nginxUrl: string;
  /** nginx's access log on this machine. */
  readonly accessLog: string;
  readonly names: PipelineNames;
  /** Where Firehose writes: transformed records, failures, and the raw backup (null when there is none). */
  readonly prefixes: { success: string; error: string; backup: string | null };
  /** Why flush() waits for Firehose's own buffer intervals (AWS, or an endpoint with its admin API off); undefined when it flushes. */
  readonly withoutAdmin: string | undefined;
  readonly stateDir: string;
  readonly clients: PipelineClients;
  /** Real HTTP requests to nginx; resolves with nginx's answers in order. */
  send(requests: PipelineRequest | readonly PipelineRequest[]): Promise<SentResponse[]>;
  /**
   * Waits until the agent has shipped every line nginx logged, then has Firehose deliver every buffer to S3 (its
   * admin API); without one, waits for Firehose's own intervals until every line is accounted for or the budget ends.
   */
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

/** The test API over a running stack, whichever kind; `release` runs after the stack stopped (the state folder). */
export function pipelineOf(stack: RunningPipeline, clients: PipelineClients, release: () => void): Pipeline {
  // The stack's settings: a Terraform root's or a deployment's region, prefixes and function are in them.
  const { config } = stack;
  const names: PipelineNames = { bucket: stack.names.bucket, stream: stack.names.stream, deliveryStream: stack.names.deliveryStream, functionName: stack.names.functionName };
  const flush = async (): Promise<void> => { await drainStack(stack); };
  const read = (prefix: string) => readObjects(clients.s3, names.bucket, prefix);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      destroyClients(clients);
      try {
        await stack.stop();
      } finally {
        release();
      }
    })();
    return stopping;
  };
  const auditInput = async (): Promise<Omit<AuditInput, 'predict'>> => {
    if (!stack.withoutAdmin) {
      return collectAuditInput({ endpoint: stack.endpoint.url, region: config.region, bucket: names.bucket, deliveryStream: names.deliveryStream, accessLog: stack.nginx.accessLog, prefixes: stack.prefixes });
    }
    // No metrics endpoint: the objects alone, read with the pipeline's own clients.
    const bodies = async (prefix: string) => (await read(prefix)).map(({ body }) => gunzipObject(body));
    return {
      logs: readAccessLogs(stack.nginx.accessLog),
      success: await bodies(stack.prefixes.success),
      errors: await bodies(stack.prefixes.error),
      backup: stack.prefixes.backup === null ? null : await bodies(stack.prefixes.backup),
    };
  };
  return {
    kind: stack.kind === 'terraform' || stack.kind === 'aws' ? stack.kind : 'embedded',
    config,
    region: config.region,
    endpointUrl: stack.endpoint.url,
    nginxUrl: stack.nginx.url,
    accessLog: stack.nginx.accessLog,
    names,
    prefixes: stack.prefixes,
    withoutAdmin: stack.withoutAdmin?.reason,
    stateDir: stack.stateDir,
    clients,
    send: (requests) => sendRequests(stack.nginx.url, requests),
    flush,
    objects: (prefix = '') => read(prefix),
    async records<T>(prefix = stack.prefixes.success) {
      const { compression } = config.firehose;
      if (compression !== 'UNCOMPRESSED' && compression !== 'GZIP') throw new RecordsCompressionError(compression);
      return parseRecords<T>(await read(prefix));
    },
    async audit(options = {}) {
      if (options.drain !== false) await flush();
      const report = auditPipeline({ ...(await auditInput()), predict: predictTransform(config) });
      return { passed: auditPassed(report), report, text: formatAudit(report) };
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
