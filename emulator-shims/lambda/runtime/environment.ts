import { delimiter, join } from 'node:path';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { Scope } from '../../shared/index.js';

export interface EnvironmentFacts {
  configuration: FunctionConfiguration;
  scope: Scope;
  taskRoot: string;
  /** The function's `/opt` (its layers), when it has layers. */
  optRoot?: string;
  /** A folder holding what Lambda's Node.js runtime provides beside the function (`@aws-sdk/*`, `@smithy/*`). */
  runtimeModules?: string;
  logStreamName: string;
  endpointUrl: string | undefined;
  /** The machine's PATH, so `node` and `python3` children find their tools. */
  path: string | undefined;
  /** Temporary credentials for the execution role; dummy long-term keys without them. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
}

/**
 * The variables a function sees: the user's, then the ones Lambda defines (which win, as on Lambda),
 * plus credentials and the local endpoint so SDK calls inside the function reach hosepipe.
 */
export function functionEnvironment(facts: EnvironmentFacts): Record<string, string> {
  const { configuration, scope, optRoot } = facts;
  const name = configuration.FunctionName!;
  const major = /^nodejs(\d+)\.x$/.exec(configuration.Runtime ?? '')?.[1];
  // Lambda's NODE_PATH: /opt/nodejs/node<major>/node_modules, /opt/nodejs/node_modules, the runtime's modules, the task root.
  const nodePath = [
    ...(optRoot !== undefined && major !== undefined ? [join(optRoot, 'nodejs', `node${major}`, 'node_modules'), join(optRoot, 'nodejs', 'node_modules')] : []),
    ...(facts.runtimeModules !== undefined ? [facts.runtimeModules] : []),
    facts.taskRoot,
  ];
  const path = [...(optRoot !== undefined ? [join(optRoot, 'bin')] : []), ...(facts.path !== undefined ? [facts.path] : [])].join(delimiter);
  return {
    // Lambda's unreserved variables: a function may set its own.
    ...(major !== undefined ? { NODE_PATH: nodePath.join(delimiter) } : {}),
    ...(optRoot !== undefined ? { LD_LIBRARY_PATH: join(optRoot, 'lib') } : {}),
    ...configuration.Environment?.Variables,
    ...(path.length > 0 ? { PATH: path } : {}),
    ...(optRoot !== undefined ? { HOSEPIPE_OPT_DIR: optRoot } : {}),
    LANG: 'en_US.UTF-8',
    TZ: 'UTC',
    _HANDLER: configuration.Handler ?? '',
    AWS_EXECUTION_ENV: `AWS_Lambda_${configuration.Runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(configuration.MemorySize ?? 128),
    AWS_LAMBDA_LOG_GROUP_NAME: configuration.LoggingConfig?.LogGroup ?? `/aws/lambda/${name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: facts.logStreamName,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_REGION: scope.region,
    AWS_DEFAULT_REGION: scope.region,
    AWS_ACCESS_KEY_ID: facts.credentials?.accessKeyId ?? 'test',
    AWS_SECRET_ACCESS_KEY: facts.credentials?.secretAccessKey ?? 'test',
    ...(facts.credentials ? { AWS_SESSION_TOKEN: facts.credentials.sessionToken } : {}),
    ...(facts.endpointUrl !== undefined ? { AWS_ENDPOINT_URL: facts.endpointUrl } : {}),
    LAMBDA_TASK_ROOT: facts.taskRoot,
    // Keep the unpacked code identical to the zip: no __pycache__ folders beside the sources.
    PYTHONDONTWRITEBYTECODE: '1',
  };
}
