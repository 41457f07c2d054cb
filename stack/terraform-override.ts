/** The file `hosepipe tf-local` and `hosepipe up --terraform` write into the Terraform working directory (git-ignored). */
export const OVERRIDE_FILE = 'hosepipe_endpoint_override.tf';

/** Every service the pipeline module uses, by the provider's `endpoints` argument name. */
export const PROVIDER_SERVICES = ['cloudwatchlogs', 'firehose', 'iam', 'kinesis', 'lambda', 's3', 'sts'] as const;

/**
 * Pure: a provider override (Terraform merges `*_override.tf` over the root's own `provider "aws"`
 * block, as tflocal does for LocalStack) that sends every call the module makes to `endpoint`.
 */
export function endpointOverride(endpoint: string): string {
  const url = JSON.stringify(endpoint);
  const width = Math.max(...PROVIDER_SERVICES.map((service) => service.length));
  return [
    '# Written by `hosepipe tf-local` or `hosepipe up --terraform` for the local endpoint; regenerated on every run.',
    'provider "aws" {',
    '  access_key                  = "test"',
    '  secret_key                  = "test"',
    '  skip_credentials_validation = true',
    '  skip_metadata_api_check     = true',
    '  skip_region_validation      = true',
    '  s3_use_path_style           = true',
    '',
    '  endpoints {',
    ...PROVIDER_SERVICES.map((service) => `    ${service.padEnd(width)} = ${url}`),
    '  }',
    '}',
    '',
  ].join('\n');
}

/**
 * Pure: a `terraform` block for the override file that keeps the state in `statePath` (hosepipe's state folder),
 * whatever backend the root declares: the team's own state (an S3 backend, terraform.tfstate) is never touched.
 */
export function localBackendOverride(statePath: string): string {
  return [
    '# The state of what was applied to the local endpoint stays in hosepipe\'s state folder, not the root\'s backend.',
    'terraform {',
    '  backend "local" {',
    `    path = ${JSON.stringify(statePath)}`,
    '  }',
    '}',
    '',
  ].join('\n');
}
