/** What `terraform show -json` says of a pipeline: its Kinesis streams and the delivery streams reading from them. */

export interface TerraformStream {
  name: string;
  arn: string;
  region: string;
}

export interface TerraformProcessor {
  type: string;
  /** By parameter name: LambdaArn, BufferSizeInMBs, BufferIntervalInSeconds, NumberOfRetries, ... */
  parameters: Record<string, string>;
}

export interface TerraformDeliveryStream {
  name: string;
  arn: string;
  region: string;
  /** The Kinesis stream it reads, when its source is one. */
  sourceStreamArn: string | undefined;
  roleArn: string;
  bucket: string;
  prefix: string;
  errorOutputPrefix: string;
  /** Where the raw records go when s3_backup_mode is Enabled; null otherwise. */
  backupPrefix: string | null;
  processors: TerraformProcessor[];
  /** The CloudWatch log group of its delivery errors, when logging is on. */
  logGroup: string | undefined;
}

export interface TerraformFunction {
  name: string;
  arn: string;
  role: string;
}

export interface TerraformPipeline {
  streams: TerraformStream[];
  deliveryStreams: TerraformDeliveryStream[];
  functions: TerraformFunction[];
}

/** The state has no pipeline hosepipe can ship into, or names several and the caller chose none; the message says which. */
export class TerraformStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TerraformStateError';
  }
}

interface Resource {
  type?: unknown;
  mode?: unknown;
  values?: Record<string, unknown>;
}

interface Module {
  resources?: Resource[];
  child_modules?: Module[];
}

/** Pure: the streams and delivery streams of `terraform show -json` output, in the root module and every child module. */
export function readTerraformState(show: unknown): TerraformPipeline {
  const root = (show as { values?: { root_module?: Module } } | null)?.values?.root_module;
  const resources: Resource[] = [];
  const walk = (module: Module | undefined): void => {
    if (!module) return;
    resources.push(...(module.resources ?? []));
    for (const child of module.child_modules ?? []) walk(child);
  };
  walk(root);
  const managed = (type: string) => resources.filter((resource) => resource.mode === 'managed' && resource.type === type).map((resource) => resource.values ?? {});
  const streams = managed('aws_kinesis_stream').map((values) => {
    const arn = text(values.arn);
    return { name: text(values.name), arn, region: arnRegion(arn) };
  });
  const deliveryStreams = managed('aws_kinesis_firehose_delivery_stream')
    .filter((values) => values.destination === 'extended_s3')
    .map((values): TerraformDeliveryStream => {
      const arn = text(values.arn);
      const s3 = first(values.extended_s3_configuration);
      const source = first(values.kinesis_source_configuration);
      const logging = first(s3.cloudwatch_logging_options);
      const backup = first(s3.s3_backup_configuration);
      const processing = first(s3.processing_configuration);
      const processors = processing.enabled === true ? list(processing.processors).map((processor) => ({
        type: text(processor.type),
        parameters: Object.fromEntries(list(processor.parameters).map((parameter) => [text(parameter.parameter_name), text(parameter.parameter_value)])),
      })) : [];
      return {
        name: text(values.name),
        arn,
        region: arnRegion(arn),
        sourceStreamArn: typeof source.kinesis_stream_arn === 'string' ? source.kinesis_stream_arn : undefined,
        roleArn: text(s3.role_arn),
        bucket: text(s3.bucket_arn).replace(/^arn:[^:]+:s3:::/, ''),
        prefix: text(s3.prefix),
        errorOutputPrefix: text(s3.error_output_prefix),
        backupPrefix: s3.s3_backup_mode === 'Enabled' ? text(backup.prefix) : null,
        processors,
        logGroup: logging.enabled === true && typeof logging.log_group_name === 'string' && logging.log_group_name !== '' ? logging.log_group_name : undefined,
      };
    });
  const functions = managed('aws_lambda_function').map((values) => ({ name: text(values.function_name), arn: text(values.arn), role: text(values.role) }));
  return { streams, deliveryStreams, functions };
}

/**
 * Pure: the stream the agent ships to (`stream`, or the only one) and the delivery streams reading from it.
 * Throws TerraformStateError naming what the state has when there is no such choice.
 */
export function choosePipeline(pipeline: TerraformPipeline, stream?: string): { stream: TerraformStream; deliveryStreams: TerraformDeliveryStream[] } {
  const names = pipeline.streams.map((entry) => entry.name).join(', ');
  let chosen: TerraformStream | undefined;
  if (stream !== undefined) {
    chosen = pipeline.streams.find((entry) => entry.name === stream);
    if (!chosen) throw new TerraformStateError(pipeline.streams.length === 0 ? `--stream ${stream}: the Terraform state has no aws_kinesis_stream` : `--stream ${stream} is not a Kinesis stream of the Terraform state; it has: ${names}`);
  } else if (pipeline.streams.length === 1) {
    chosen = pipeline.streams[0]!;
  } else if (pipeline.streams.length === 0) {
    throw new TerraformStateError('the Terraform state has no aws_kinesis_stream: hosepipe ships the access log into a Kinesis stream the root defines');
  } else {
    throw new TerraformStateError(`the Terraform state has ${pipeline.streams.length} Kinesis streams (${names}): choose the one the agent ships to with --stream NAME (terraform.stream in hosepipe.yaml)`);
  }
  const deliveryStreams = pipeline.deliveryStreams.filter((entry) => entry.sourceStreamArn === chosen.arn);
  if (deliveryStreams.length === 0) {
    const others = pipeline.deliveryStreams.map((entry) => entry.name);
    throw new TerraformStateError(`no aws_kinesis_firehose_delivery_stream with an extended_s3 destination reads from the Kinesis stream ${chosen.name}${others.length > 0 ? ` (the state has ${others.join(', ')})` : ''}`);
  }
  return { stream: chosen, deliveryStreams };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function list(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((entry): entry is Record<string, unknown> => entry !== null && typeof entry === 'object') : [];
}

function first(value: unknown): Record<string, unknown> {
  return list(value)[0] ?? {};
}

/** arn:aws:kinesis:eu-west-1:000000000000:stream/x → eu-west-1. */
export function arnRegion(arn: string): string {
  return arn.split(':')[3] ?? '';
}
