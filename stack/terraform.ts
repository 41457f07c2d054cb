import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EdgeServer } from '../emulator-shims/index.js';
import { parsePipelineConfig, staticPart, type PipelineConfig, type ResourceNames } from '../provision/index.js';
import type { StartedAgentProcess } from './agent-process.js';
import type { StartedNginx } from './nginx.js';
import type { RunningPipeline } from './pipeline.js';
import { assertPortFree } from './process.js';
import { localControls, startLocalEndpoint } from './local-endpoint.js';
import { endpointSettings } from './endpoint-settings.js';
import { startShipping } from './shipping.js';
import { destroyTerraformRoot, runTerraform, terraformWork, variableArgs, withTerraformOverride, type TerraformRoot, type TerraformRun } from './terraform-cli.js';
import { providerRegion } from './terraform-region.js';
import { arnRegion, choosePipeline, readTerraformState, TerraformStateError, type TerraformDeliveryStream, type TerraformFunction, type TerraformStream } from './terraform-state.js';

export interface TerraformStackOptions extends TerraformRoot {
  /** Where agent/main.ts is (the repository or package root). */
  root: string;
  stateDir: string;
  /** nginx's and the agent's settings, the endpoint's port and IAM (hosepipe.yaml's when there is one); the defaults otherwise. */
  config?: PipelineConfig;
  /** 0 picks free ports (tests); default: config's. */
  endpointPort?: number;
  nginxPort?: number;
  /** Keep Kinesis data across restarts, so a later `up --terraform` finds what Terraform made (hosepipe up); tests use memory. */
  persist?: boolean;
  log?: (line: string) => void;
  /** hosepipe's admin API on the endpoint (default: config's `endpoint.admin`, else `HOSEPIPE_ADMIN`, else on). */
  admin?: boolean;
}

export interface TerraformStack extends RunningPipeline {
  readonly kind: 'terraform';
  readonly endpoint: EdgeServer;
  readonly nginx: StartedNginx;
  readonly agent: StartedAgentProcess;
  /** The region of the stream the agent ships to (the root's provider region). */
  readonly region: string;
  readonly stream: TerraformStream;
  /** Every delivery stream reading the stream, the first one's bucket and prefixes being `names` and `prefixes`. */
  readonly deliveryStreams: TerraformDeliveryStream[];
  readonly terraform: Required<Pick<TerraformRoot, 'dir' | 'vars' | 'varFiles'>> & Pick<TerraformRoot, 'stream'>;
  /** `terraform destroy` against this endpoint; the processes keep running until stop(). */
  destroy(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts the local endpoint, applies the Terraform root in `dir` to it (override, init, apply), reads what it
 * made from `terraform show -json`, then starts nginx and the agent shipping into its Kinesis stream.
 * A Terraform failure is a TerraformError carrying what Terraform printed; nothing is left running.
 */
export async function startTerraformStack(options: TerraformStackOptions): Promise<TerraformStack> {
  const { stateDir } = options;
  const log = options.log ?? (() => {});
  const dir = resolve(options.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new TerraformStateError(`the Terraform root ${dir} is not a folder`);
  const vars = options.vars ?? {};
  const varFiles = (options.varFiles ?? []).map((file) => resolve(file));
  const base = options.config ?? parsePipelineConfig({ name: 'terraform' });
  for (const sub of ['logs', 'run', 'agent', 'nginx']) mkdirSync(join(stateDir, sub), { recursive: true });

  const region = providerRegion(dir, vars) ?? process.env.AWS_REGION ?? base.region;
  const nginxPort = options.nginxPort ?? Number(base.nginx.listen.split(':')[1]);
  if (nginxPort !== 0) await assertPortFree(nginxPort, 'nginx.listen');
  const endpoint = await startLocalEndpoint({ stateDir, persistKinesis: options.persist ?? false, ...endpointSettings(base, options.admin), region }, options.endpointPort ?? base.endpoint.port);
  const cleanups: (() => Promise<void>)[] = [() => endpoint.current.close()];
  try {
    const run: TerraformRun = { dir, env: { ...options.env, ...terraformWork(stateDir).env } };
    // The root's lock is held from writing the override until show has read the state.
    const shown = await withTerraformOverride(dir, endpoint.current.url, stateDir, 'terraform apply', async () => {
      log(`terraform init in ${dir} (provider endpoints → ${endpoint.current.url}, region ${region})`);
      // -reconfigure: the backend is the override's local one, whatever the root's data folder last knew.
      await runTerraform('init', ['-reconfigure'], run);
      log('terraform apply');
      const applied = await runTerraform('apply', ['-auto-approve', ...variableArgs(vars, varFiles)], run);
      log(/^Apply complete!.*$/m.exec(applied)?.[0] ?? 'terraform apply done');
      return runTerraform('show', ['-json'], run);
    }, log);
    const state = readTerraformState(JSON.parse(shown) as unknown);
    const chosen = choosePipeline(state, options.stream);
    const first = chosen.deliveryStreams[0]!;
    const streamRegion = chosen.stream.region || region;
    const processor = first.processors.find((entry) => entry.type === 'Lambda')?.parameters.LambdaArn;
    const config = configOf(base, streamRegion, first, processor);
    log(`shipping into ${chosen.stream.name} (${streamRegion}), read by ${chosen.deliveryStreams.map((entry) => entry.name).join(', ')}`);

    const shipping = await startShipping({ config, root: options.root, stateDir, nginxPort, endpoint: endpoint.current.url, stream: chosen.stream.name, region: streamRegion, announce: endpoint.current.admin, log });
    cleanups.unshift(() => shipping.stop());

    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        await shipping.stop();
        await endpoint.current.close();
      })();
      return stopping;
    };
    const terraform = { dir, vars, varFiles, ...(options.stream === undefined ? {} : { stream: options.stream }) };
    return {
      kind: 'terraform',
      config,
      stateDir,
      get endpoint() { return endpoint.current; },
      nginx: shipping.nginx,
      get agent() { return shipping.agent; },
      region: streamRegion,
      stream: chosen.stream,
      deliveryStreams: chosen.deliveryStreams,
      names: namesOf(chosen.stream, first, state.functions, processor),
      prefixes: config.firehose.backupPrefix === null
        ? { success: staticPart(first.prefix), error: staticPart(first.errorOutputPrefix), backup: null }
        : { success: staticPart(first.prefix), error: staticPart(first.errorOutputPrefix), backup: staticPart(config.firehose.backupPrefix) },
      terraform,
      ...localControls(shipping, endpoint, options.persist ?? false),
      destroy: () => destroyTerraformRoot({ ...terraform, ...(options.env ? { env: options.env } : {}) }, endpoint.current.url, stateDir, log),
      stop,
      [Symbol.asyncDispose]: stop,
    };
  } catch (error) {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    throw error;
  }
}

/**
 * The pipeline settings as the state has them, over `base`'s nginx and agent settings. `transform.code` names
 * the team's function (its ARN), so nothing predicts the built-in transform for it.
 */
function configOf(base: PipelineConfig, region: string, delivery: TerraformDeliveryStream, processor: string | undefined): PipelineConfig {
  return {
    ...base,
    region,
    firehose: { ...base.firehose, prefix: delivery.prefix, errorOutputPrefix: delivery.errorOutputPrefix, backupPrefix: delivery.backupPrefix },
    transform: { ...base.transform, code: processor ?? '' },
  };
}

function namesOf(stream: TerraformStream, delivery: TerraformDeliveryStream, functions: TerraformFunction[], processor: string | undefined): ResourceNames {
  const [, partition = 'aws', , , accountId = ''] = delivery.arn.split(':');
  // The processor's ARN may carry a qualifier (:$LATEST, an alias).
  const fn = functions.find((entry) => processor !== undefined && (processor === entry.arn || processor.startsWith(`${entry.arn}:`)));
  const functionArn = fn?.arn ?? processor ?? '';
  const functionName = fn?.name ?? functionArn.split(':')[6] ?? '';
  const roleName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
  const region = arnRegion(delivery.arn);
  const logArn = (group: string) => `arn:${partition}:logs:${region}:${accountId}:log-group:${group}`;
  const firehoseLogGroup = delivery.logGroup ?? `/aws/kinesisfirehose/${delivery.name}`;
  return {
    bucket: delivery.bucket,
    bucketArn: `arn:${partition}:s3:::${delivery.bucket}`,
    stream: stream.name,
    streamArn: stream.arn,
    functionName,
    functionArn,
    deliveryStream: delivery.name,
    deliveryStreamArn: delivery.arn,
    firehoseRole: roleName(delivery.roleArn),
    firehoseRoleArn: delivery.roleArn,
    transformRole: fn ? roleName(fn.role) : '',
    transformRoleArn: fn?.role ?? '',
    functionLogGroup: `/aws/lambda/${functionName}`,
    functionLogGroupArn: logArn(`/aws/lambda/${functionName}`),
    firehoseLogGroup,
    firehoseLogGroupArn: logArn(firehoseLogGroup),
    firehoseLogStream: 'DestinationDelivery',
    tagKey: 'hosepipe:pipeline',
    partition,
  };
}
