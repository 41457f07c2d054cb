import type { EdgeOptions } from '../emulator-shims/index.js';
import type { PipelineConfig } from '../provision/index.js';

/**
 * Pure: the endpoint's settings hosepipe.yaml carries (hosts, quotas, external engines, IAM, the admin API), the
 * same whichever way hosepipe starts the endpoint: `make up`, `up --terraform`, or the compose endpoint container.
 * `admin` is the caller's own choice when it has one (a stand-in for AWS), else `endpoint.admin`.
 */
export function endpointSettings(config: PipelineConfig, admin: boolean | undefined = config.endpoint.admin): Omit<EdgeOptions, 'port' | 'host' | 'stateDir'> {
  return {
    region: config.region,
    allowedHosts: config.endpoint.allowedHosts,
    kinesisQuotas: config.stream.enforceQuotas,
    engines: { kinesis: config.engines.kinesis?.url, s3: config.engines.s3?.url },
    ...(config.iam.enforce === undefined ? {} : { iam: { enforce: config.iam.enforce } }),
    ...(admin === undefined ? {} : { admin }),
  };
}
