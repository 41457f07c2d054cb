import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
import { isTimeZoneName, resolveLogFormat } from '../lambda/index.js';
import { defaultHandler, handlerProblem, runtimeProblem } from './transform-checks.js';
import { duplicateLayerLabel, isLayerArn, layerEntryProblem, MAX_LAYERS, TOO_MANY_LAYERS } from './layers.js';

const DEFAULT_PREFIX =
  'kinesis/firehose/migration/year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/' +
  'day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/';
const DEFAULT_ERROR_PREFIX = 'kinesis/firehose/origin/error/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/';
const DEFAULT_BACKUP_PREFIX = 'kinesis/firehose/origin/raw/!{timestamp:yyyy/MM/dd/HH}/';

// The retention periods CloudWatch Logs accepts.
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const timeZone = z.string().refine(isTimeZoneName, { message: 'must be an IANA time zone such as UTC or Asia/Seoul' });
const listen = z
  .string()
  .regex(/^127\.0\.0\.1:\d{1,5}$/, { message: 'must be 127.0.0.1:<port> (hosepipe binds to loopback only)' });

const engineUrl = z
  .object({
    url: z.string().refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), { message: 'must be an http(s) URL such as http://localstack:4566' }),
  })
  .strict();

/** `hosepipe.yaml`: one pipeline. Every default reproduces the original pipeline's layout. */
/** What an AWS region name looks like (us-east-1, ap-southeast-2, us-gov-west-1). */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

const oneOrMore = z.union([z.string().min(1).max(2048), z.array(z.string().min(1).max(2048)).min(1).max(100)]);
/** One IAM policy statement as IAM reads it; IAM itself checks the actions and ARNs when the role's policy is put. */
const policyStatement = z
  .object({
    Sid: z.string().regex(/^[A-Za-z0-9]+$/, { message: 'must be letters and digits (IAM\'s Sid)' }).optional(),
    Effect: z.enum(['Allow', 'Deny']),
    Action: oneOrMore,
    Resource: oneOrMore,
    Condition: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean()]))).optional(),
  })
  .strict();

export const pipelineSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$/, { message: 'must be 3-32 lowercase letters, digits or hyphens (it names the bucket)' }),
    region: z.string().regex(REGION_PATTERN, { message: 'must be an AWS region such as us-east-1' }).default('us-east-1'),
    endpoint: z
      .object({
        port: z.number().int().min(0).max(65535).default(4566),
        /** Host names the endpoint serves besides the loopback ones (and their virtual-host forms), e.g. a Compose service name. */
        allowedHosts: z
          .array(z.string().regex(/^[a-z0-9_](?:[a-z0-9_.-]{0,251}[a-z0-9_])?$/, { message: 'must be a lower-case host name such as endpoint or endpoint.internal' }))
          .default([]),
        /**
         * Local endpoint only: hosepipe's admin API (`/_hosepipe/...`: flush, clock, faults, metrics, the pipeline view).
         * false: the endpoint stands in for AWS and answers only AWS APIs. Unset: `HOSEPIPE_ADMIN`, else on.
         */
        admin: z.boolean().optional(),
      })
      .strict()
      .default({ port: 4566, allowedHosts: [] }),
    /** Local endpoint only: IAM evaluation of role sessions (functions, Firehose, AssumeRole). Unset: `HOSEPIPE_IAM`, else the endpoint's default. */
    iam: z
      .object({ enforce: z.boolean().optional() })
      .strict()
      .default({}),
    nginx: z
      .object({
        listen: listen.default('127.0.0.1:8080'),
        logFormat: z
          .string()
          .min(1)
          .refine((value) => resolveLogFormat(value) !== undefined, { message: 'must be combined, main, or a log_format string of $variables' })
          .default('combined'),
        logEscape: z.enum(['default', 'json', 'none']).default('default'),
      })
      .strict()
      .default({ listen: '127.0.0.1:8080', logFormat: 'combined', logEscape: 'default' }),
    stream: z
      .object({
        shards: z.number().int().min(1).max(100).default(1),
        retentionHours: z.number().int().min(24).max(8760).default(24),
        /** ON_DEMAND ignores `shards` (AWS scales it); PROVISIONED uses them. */
        mode: z.enum(['PROVISIONED', 'ON_DEMAND']).default('PROVISIONED'),
        /** Server-side encryption with the AWS-managed key alias/aws/kinesis. */
        encryption: z.boolean().default(false),
        /** Local endpoint only: answer ProvisionedThroughputExceededException past the per-shard quotas, as Kinesis does. */
        enforceQuotas: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    bucket: z
      .object({
        /** SSE-S3 (AES256) when null; SSE-KMS with this key otherwise. */
        kmsKeyArn: z.string().regex(/^arn:aws[a-z-]*:kms:/, { message: 'must be a KMS key ARN' }).nullable().default(null),
        /** Expire objects under a prefix after N days, e.g. the error prefix. */
        lifecycle: z
          .array(z.object({ prefix: z.string().min(1), expireDays: z.number().int().min(1).max(36500) }).strict())
          .default([]),
      })
      .strict()
      .prefault({}),
    transform: z
      .object({
        timeZone: timeZone.default('Asia/Seoul'),
        memoryMB: z.number().int().min(128).max(10240).default(256),
        timeoutSeconds: z.number().int().min(1).max(900).default(60),
        architecture: z.enum(['x86_64', 'arm64']).default('x86_64'),
        logRetentionDays: z
          .number()
          .int()
          .refine((days) => LOG_RETENTION_DAYS.includes(days), { message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}` })
          .default(14),
        dropRules: z
          .array(
            z.union([
              z.object({ field: z.string().min(1), equals: z.union([z.string(), z.number()]) }).strict(),
              z.object({ field: z.string().min(1), prefix: z.string().min(1) }).strict(),
            ]),
          )
          .default([]),
        /** The team's own function instead of the built-in one: a source folder, a single file or a zip (relative to hosepipe.yaml). */
        code: z.string().min(1).optional(),
        /** With `code`: the Lambda runtime, e.g. python3.12 or nodejs22.x. */
        runtime: z.string().optional(),
        /** With `code`: `<module>.<function>` (default lambda_function.lambda_handler for Python, index.handler for Node.js). */
        handler: z.string().min(1).max(128).optional(),
        /** With `code`: the function's environment variables. */
        environment: z.record(z.string().regex(/^[a-zA-Z]\w*$/, { message: 'must be a letter then letters, digits or _' }), z.string()).default({}),
        /** With `code`, in order: layer folders or zips the project owns (relative to hosepipe.yaml), or layer version ARNs. */
        layers: z.array(z.string().min(1)).max(MAX_LAYERS, { message: `${TOO_MANY_LAYERS} (AWS Lambda's limit)` }).default([]),
        /**
         * With `code`: IAM statements added to the function's role (it may only write its logs otherwise), e.g.
         * s3:PutObject on `arn:${partition}:s3:::${bucket}/team/parsed/*` for a function that writes its own objects.
         */
        policyStatements: z.array(policyStatement).max(20).default([]),
      })
      .strict()
      .superRefine((transform, context) => {
        const issue = (path: string, message: string) => context.addIssue({ code: 'custom', path: [path], message });
        if (transform.code === undefined) {
          for (const field of ['runtime', 'handler'] as const) if (transform[field] !== undefined) issue(field, 'is only used with transform.code (the built-in transform sets its own)');
          if (transform.layers.length > 0) issue('layers', 'is only used with transform.code (the built-in transform is one bundle)');
          if (transform.policyStatements.length > 0) issue('policyStatements', 'is only used with transform.code (the built-in transform needs only its logs)');
          return;
        }
        transform.layers.forEach((entry, index) => {
          const problem = layerEntryProblem(entry);
          if (problem !== undefined) context.addIssue({ code: 'custom', path: ['layers', index], message: problem });
        });
        const duplicate = duplicateLayerLabel(transform.layers);
        if (duplicate !== undefined) issue('layers', `two layers would both be published as <name>-${duplicate}: rename one folder or zip`);
        if (!existsSync(transform.code)) issue('code', `does not exist (looked for ${transform.code}): name a source folder, a single file or a zip`);
        if (transform.runtime === undefined) {
          issue('runtime', 'is required with transform.code, e.g. python3.12 or nodejs22.x');
          return;
        }
        const runtime = runtimeProblem(transform.runtime);
        if (runtime !== undefined) {
          issue('runtime', runtime);
          return;
        }
        const handler = existsSync(transform.code) ? handlerProblem(transform.code, transform.runtime, transform.handler ?? defaultHandler(transform.runtime)) : undefined;
        if (handler !== undefined) issue('handler', handler);
      })
      .prefault({}),
    firehose: z
      .object({
        buffering: z
          .object({ sizeMB: z.number().int().min(1).max(128).default(64), intervalSeconds: z.number().int().min(0).max(900).default(60) })
          .strict()
          .default({ sizeMB: 64, intervalSeconds: 60 }),
        processorBuffering: z
          // 0.5 MB, not Firehose's 1 MB default: short access-log lines grow about 6x into the transform's
          // answer (JSON, base64, partition keys), and 1 MB of them exceeds Lambda's 6 MB response limit.
          .object({ sizeMB: z.number().min(0.2).max(3).default(0.5), intervalSeconds: z.number().int().min(0).max(900).default(60) })
          .strict()
          .default({ sizeMB: 0.5, intervalSeconds: 60 }),
        prefix: z.string().max(1024).default(DEFAULT_PREFIX),
        errorOutputPrefix: z.string().min(1).max(1024).default(DEFAULT_ERROR_PREFIX),
        backupPrefix: z.string().max(1024).nullable().default(DEFAULT_BACKUP_PREFIX),
        compression: z.enum(['UNCOMPRESSED', 'GZIP', 'ZIP', 'Snappy', 'HADOOP_SNAPPY']).default('UNCOMPRESSED'),
        customTimeZone: timeZone.default('UTC'),
        lambdaRetries: z.number().int().min(0).max(300).default(3),
        /** CloudWatch logging of delivery errors to /aws/kinesisfirehose/<stream>. */
        logging: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    /** Local endpoint only: serve Kinesis or S3 from an engine outside hosepipe (a pinned LocalStack); Firehose and Lambda stay hosepipe's. */
    engines: z.object({ kinesis: engineUrl.optional(), s3: engineUrl.optional() }).strict().prefault({}),
    /**
     * A Terraform root to apply to the local endpoint instead of provisioning from this file (`hosepipe up --terraform`):
     * its stream, delivery stream and function are the pipeline; nginx, agent, endpoint and iam settings still come from here.
     */
    terraform: z
      .object({
        /** The root module's folder (relative to hosepipe.yaml). */
        dir: z.string().min(1),
        /** `-var NAME=VALUE` for apply and destroy. */
        vars: z.record(z.string(), z.string()).default({}),
        /** `-var-file` files, in order (relative to hosepipe.yaml). */
        varFiles: z.array(z.string().min(1)).default([]),
        /** The Kinesis stream the agent ships to, when the root defines several. */
        stream: z.string().min(1).max(128).optional(),
      })
      .strict()
      .superRefine((terraform, context) => {
        for (const name of Object.keys(terraform.vars)) {
          if (!/^[A-Za-z_][\w-]*$/.test(name)) context.addIssue({ code: 'custom', path: ['vars', name], message: 'must be a Terraform variable name (a letter or _, then letters, digits, _ or -)' });
        }
        if (!existsSync(terraform.dir)) context.addIssue({ code: 'custom', path: ['dir'], message: `does not exist (looked for ${terraform.dir}): name the folder of your Terraform root` });
        terraform.varFiles.forEach((file, index) => {
          if (!existsSync(file)) context.addIssue({ code: 'custom', path: ['varFiles', index], message: `does not exist (looked for ${file})` });
        });
      })
      .optional(),
    agent: z
      .object({
        maxBufferAgeMs: z.number().int().min(1).max(900_000).default(1000),
        maxBufferSizeRecords: z.number().int().min(1).max(500).default(500),
        maxBufferSizeBytes: z.number().int().min(1).max(5 * 1024 * 1024).default(5 * 1024 * 1024),
        // Several PutRecords at once: the lines of a pipeline spread over shards by random keys have no order to keep.
        maxBatchesInFlight: z.number().int().min(1).max(16).default(3),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type PipelineConfig = z.infer<typeof pipelineSchema>;

/** A hosepipe.yaml problem, naming the file and every offending field path. */
export class ConfigError extends Error {
  readonly file: string;
  readonly issues: string[];
  constructor(file: string, issues: string[], options?: { cause?: unknown }) {
    super(`${file}: ${issues.join('; ')}`, options);
    this.name = 'ConfigError';
    this.file = file;
    this.issues = issues;
  }
}

/** Validates an already-parsed document; `file` only labels the errors. */
export function parsePipelineConfig(document: unknown, file = 'hosepipe.yaml'): PipelineConfig {
  const result = pipelineSchema.safeParse(resolvePipelinePaths(withTerraformName(document ?? {}), file));
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    const value = valueAt(document, issue.path);
    const got = value === undefined || typeof value === 'object' ? '' : ` (got ${JSON.stringify(value)})`;
    return `${path}: ${issue.message}${got}`;
  });
  throw new ConfigError(file, issues);
}

/** Reads and validates hosepipe.yaml. */
export function loadPipelineConfig(file: string): PipelineConfig {
  return parsePipelineConfig(readPipelineDocument(file), file);
}

/**
 * hosepipe.yaml as written, not validated yet (with `transform.code` made absolute, relative to the file),
 * for a caller that lays settings of its own over it before parsing (a scenario's `pipeline`).
 */
export function readPipelineDocument(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(file, [`cannot read the file (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`], { cause });
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (cause) {
    throw new ConfigError(file, [`not valid YAML: ${(cause as Error).message.split('\n')[0]}`], { cause });
  }
  return resolvePipelinePaths(document ?? {}, file);
}

/**
 * `transform.code` and `transform.layers` relative to the file that names them, so hosepipe works from any
 * folder (a scenario's `pipeline` resolves against the scenario file). Pure; an absolute path or an ARN stays.
 */
export function resolvePipelinePaths(document: unknown, file: string): unknown {
  return resolveTransformPaths(resolveTerraformPaths(document, file), file);
}

/** A file that names a Terraform root needs no `name` (the root names its resources). */
function withTerraformName(document: unknown): unknown {
  const object = document as { terraform?: unknown; name?: unknown } | null;
  return object !== null && typeof object === 'object' && object.terraform !== undefined && object.name === undefined ? { ...object, name: 'terraform' } : document;
}

function resolveTerraformPaths(document: unknown, file: string): unknown {
  const terraform = (document as { terraform?: { dir?: unknown; varFiles?: unknown } } | null)?.terraform;
  if (terraform === null || typeof terraform !== 'object') return document;
  const path = (value: string) => (isAbsolute(value) ? value : resolve(dirname(file), value));
  const dir = typeof terraform.dir === 'string' && terraform.dir !== '' ? { dir: path(terraform.dir) } : {};
  const varFiles = Array.isArray(terraform.varFiles) ? { varFiles: terraform.varFiles.map((entry: unknown) => (typeof entry === 'string' && entry !== '' ? path(entry) : entry)) } : {};
  return { ...(document as object), terraform: { ...terraform, ...dir, ...varFiles } };
}

function resolveTransformPaths(document: unknown, file: string): unknown {
  const transform = (document as { transform?: { code?: unknown; layers?: unknown } } | null)?.transform;
  if (transform === null || typeof transform !== 'object') return document;
  const path = (value: string) => (isAbsolute(value) || isLayerArn(value) ? value : resolve(dirname(file), value));
  const code = typeof transform.code === 'string' ? { code: path(transform.code) } : {};
  const layers = Array.isArray(transform.layers) ? { layers: transform.layers.map((entry: unknown) => (typeof entry === 'string' ? path(entry) : entry)) } : {};
  return { ...(document as object), transform: { ...transform, ...code, ...layers } };
}

function valueAt(document: unknown, path: readonly PropertyKey[]): unknown {
  let node = document;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}
