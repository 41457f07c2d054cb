import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PipelineConfig } from '../provision/index.js';
import { PACKAGE_ROOT, startAwsPipeline, startStack, startTerraformStack, type AwsLocation, type RunningPipeline, type TerraformRoot } from '../stack/index.js';
import { awsClients, endpointClients } from './clients.js';
import { resolvePipelineConfig, type PipelineDocument } from './config.js';
import { pipelineOf, type Pipeline } from './pipeline.js';

export interface StartPipelineOptions {
  /** A path to hosepipe.yaml (relative to the working folder; default `hosepipe.yaml`), or the same settings as an object. */
  config?: string | PipelineDocument;
  /**
   * A Terraform root applied to the local endpoint: its stream, function and delivery stream are the pipeline
   * (`config`, when given, then only sets nginx, the agent and the endpoint). As `hosepipe up --terraform`.
   */
  terraform?: PipelineTerraform;
  /** `embedded` (default): everything on this machine. `aws`: a deployed pipeline, nginx and the agent here shipping into it. */
  target?: 'embedded' | 'aws';
  /** With target `aws`: where the deployed pipeline is. */
  aws?: PipelineAws;
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

/** A deployed pipeline, found by its delivery stream with the caller's AWS credentials. */
export interface PipelineAws {
  /** Default: AWS_REGION, else hosepipe.yaml's region. */
  region?: string;
  /** Default: hosepipe.yaml's, `<name>-to-s3`. */
  deliveryStream?: string;
  /** An endpoint standing in for AWS (every client's); default: AWS_ENDPOINT_URL, else AWS itself. */
  endpoint?: string;
}

/**
 * Starts a whole pipeline for a test: the local AWS endpoint with the pipeline provisioned (from hosepipe.yaml's
 * settings, or by applying a Terraform root) or a pipeline deployed on AWS, and nginx and the shipping agent here,
 * on free ports, in a state folder of its own. Resolves when nginx's lines would be shipped.
 */
export async function startPipeline(options: StartPipelineOptions = {}): Promise<Pipeline> {
  const target = options.target ?? 'embedded';
  if (target !== 'embedded' && target !== 'aws') throw new TypeError(`startPipeline: target must be embedded or aws (got ${JSON.stringify(target)})`);
  if (target === 'aws' && options.terraform !== undefined) throw new TypeError('startPipeline: terraform applies a root to the local endpoint; with target aws, name the deployed delivery stream in aws.deliveryStream');
  if (target !== 'aws' && options.aws !== undefined) throw new TypeError('startPipeline: aws is only used with target: \'aws\'');
  const terraform = options.terraform === undefined ? undefined : terraformRoot(options.terraform);
  // With a Terraform root, hosepipe.yaml is read only when named: the root defines the pipeline.
  const config = terraform !== undefined && options.config === undefined ? undefined : resolvePipelineConfig(options.config);
  const keep = options.keepState === true || options.stateDir !== undefined;
  const stateDir = options.stateDir === undefined ? mkdtempSync(join(tmpdir(), 'hosepipe-pipeline-')) : resolve(options.stateDir);
  mkdirSync(stateDir, { recursive: true });
  // nginx workers (user nobody when run as root) reopen the logs after a rotation: they must reach the folder.
  if (options.stateDir === undefined) chmodSync(stateDir, 0o755);
  const release = () => { if (!keep) rmSync(stateDir, { recursive: true, force: true }); };
  const common = { root: PACKAGE_ROOT, stateDir, nginxPort: options.ports?.nginx ?? 0, ...(options.log ? { log: options.log } : {}) };
  const endpointPort = options.ports?.endpoint ?? 0;
  try {
    if (target === 'aws') {
      const location = awsLocation(options.aws ?? {}, config!);
      const stack = await startAwsPipeline({ ...common, ...location, config: config!, ...(options.aws?.deliveryStream ? { deliveryStream: options.aws.deliveryStream } : {}) });
      return pipelineOf(stack, awsClients(location), release);
    }
    const stack: RunningPipeline = terraform !== undefined
      ? await startTerraformStack({ ...common, endpointPort, ...terraform, ...(config ? { config } : {}) })
      // Each pipeline builds its own copy of the transform zip (from the sources), so parallel starts never share a half-written file.
      : await startStack({ ...common, endpointPort, config: config!, artifactDir: join(stateDir, 'artifact') });
    return pipelineOf(stack, endpointClients(stack.endpoint.url, stack.config.region), release);
  } catch (error) {
    release();
    throw error;
  }
}

function terraformRoot(terraform: PipelineTerraform): TerraformRoot {
  if (terraform === null || typeof terraform !== 'object' || typeof terraform.dir !== 'string' || terraform.dir.length === 0) {
    throw new TypeError('startPipeline: terraform needs a dir, the Terraform root\'s folder');
  }
  const { dir, vars, varFiles, stream, env } = terraform;
  return { dir: resolve(dir), ...(vars ? { vars } : {}), ...(varFiles ? { varFiles } : {}), ...(stream ? { stream } : {}), ...(env ? { env } : {}) };
}

function awsLocation(aws: PipelineAws, config: PipelineConfig): AwsLocation {
  const endpoint = aws.endpoint ?? process.env.AWS_ENDPOINT_URL;
  return { region: aws.region ?? process.env.AWS_REGION ?? config.region, ...(endpoint ? { endpoint } : {}) };
}
