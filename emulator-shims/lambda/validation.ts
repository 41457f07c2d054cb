import { Runtime, type CreateFunctionCommandInput, type UpdateFunctionConfigurationCommandInput } from '@aws-sdk/client-lambda';
import { invalidParameterValue, lambdaValidationError, type LambdaError } from './errors.js';
import { replacementForDeprecatedRuntime, runnableRuntimes, runtimeFamily } from './runtimes.js';

export const FUNCTION_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
const ROLE_PATTERN = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
const HANDLER_PATTERN = /^[^\s]+$/;
const LOG_GROUP_PATTERN = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const RESERVED_ENV_KEYS = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);
// Lambda measures the variables as their JSON text and allows 4 KB in total.
const ENVIRONMENT_LIMIT_BYTES = 4096;

type ConfigurationFields = Partial<Pick<CreateFunctionCommandInput, 'Runtime' | 'Role' | 'Handler' | 'Timeout' | 'MemorySize' | 'Environment' | 'Description' | 'EphemeralStorage' | 'TracingConfig' | 'LoggingConfig'>> & {
  Architectures?: CreateFunctionCommandInput['Architectures'];
};

/** The problems AWS reports as one ValidationException, in AWS's wording, for fields any write shares. */
function constraintProblems(input: ConfigurationFields & { FunctionName?: string | undefined }, requireAll: boolean): string[] {
  const problems: string[] = [];
  const value = (v: unknown): string => (v === undefined || v === null ? 'null' : `'${String(v)}'`);
  if (requireAll && input.FunctionName === undefined) problems.push(`Value null at 'functionName' failed to satisfy constraint: Member must not be null`);
  if (input.FunctionName !== undefined && !FUNCTION_NAME_PATTERN.test(input.FunctionName)) {
    problems.push(`Value ${value(input.FunctionName)} at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]{1,64}`);
  }
  if (requireAll && input.Role === undefined) problems.push(`Value null at 'role' failed to satisfy constraint: Member must not be null`);
  if (input.Role !== undefined && !ROLE_PATTERN.test(input.Role)) {
    problems.push(`Value ${value(input.Role)} at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+`);
  }
  if (input.Runtime !== undefined && !(Object.values(Runtime) as string[]).includes(input.Runtime)) {
    problems.push(`Value ${value(input.Runtime)} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${Object.values(Runtime).join(', ')}]`);
  }
  if (input.Handler !== undefined && (!HANDLER_PATTERN.test(input.Handler) || input.Handler.length > 128)) {
    problems.push(`Value ${value(input.Handler)} at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+`);
  }
  if (input.Timeout !== undefined && input.Timeout < 1) problems.push(`Value ${value(input.Timeout)} at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1`);
  if (input.MemorySize !== undefined && input.MemorySize < 128) problems.push(`Value ${value(input.MemorySize)} at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128`);
  if (input.MemorySize !== undefined && input.MemorySize > 10240) problems.push(`Value ${value(input.MemorySize)} at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 10240`);
  if (input.Description !== undefined && input.Description.length > 256) problems.push(`Value ${value(input.Description)} at 'description' failed to satisfy constraint: Member must have length less than or equal to 256`);
  const storage = input.EphemeralStorage?.Size;
  if (storage !== undefined && (storage < 512 || storage > 10240)) {
    problems.push(`Value '${storage}' at 'ephemeralStorage.size' failed to satisfy constraint: Member must have value ${storage < 512 ? 'greater than or equal to 512' : 'less than or equal to 10240'}`);
  }
  const mode = input.TracingConfig?.Mode;
  if (mode !== undefined && mode !== 'Active' && mode !== 'PassThrough') {
    problems.push(`Value ${value(mode)} at 'tracingConfig.mode' failed to satisfy constraint: Member must satisfy enum value set: [Active, PassThrough]`);
  }
  const logFormat = input.LoggingConfig?.LogFormat;
  if (logFormat !== undefined && logFormat !== 'JSON' && logFormat !== 'Text') {
    problems.push(`Value ${value(logFormat)} at 'loggingConfig.logFormat' failed to satisfy constraint: Member must satisfy enum value set: [JSON, Text]`);
  }
  const logGroup = input.LoggingConfig?.LogGroup;
  if (logGroup !== undefined && !LOG_GROUP_PATTERN.test(logGroup)) {
    problems.push(`Value ${value(logGroup.slice(0, 600))} at 'loggingConfig.logGroup' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`);
  }
  for (const [index, architecture] of (input.Architectures ?? []).entries()) {
    if (architecture !== 'x86_64' && architecture !== 'arm64') {
      problems.push(`Value ${value(architecture)} at 'architectures.${index + 1}.member' failed to satisfy constraint: Member must satisfy enum value set: [x86_64, arm64]`);
    }
  }
  return problems;
}

/** Checks that follow the constraint pass, each its own InvalidParameterValueException. */
function semanticProblem(input: ConfigurationFields): LambdaError | undefined {
  if (input.Timeout !== undefined && input.Timeout > 900) {
    return invalidParameterValue(`1 validation error detected: Value '${input.Timeout}' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900`);
  }
  if (input.Runtime !== undefined) {
    const replacement = replacementForDeprecatedRuntime(input.Runtime);
    if (replacement !== undefined) {
      return invalidParameterValue(`The runtime parameter of ${input.Runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use the new runtime (${replacement}) while creating or updating functions.`);
    }
    // A runtime AWS accepts but this machine cannot run: refuse early rather than fail every invoke.
    if (runtimeFamily(input.Runtime) === undefined) {
      return invalidParameterValue(`The runtime parameter of ${input.Runtime} is not supported by the local Lambda emulator (hosepipe runs ${runnableRuntimes().join(', ')}).`);
    }
  }
  if (input.Architectures !== undefined && input.Architectures.length !== 1) {
    return invalidParameterValue('Function can only have one architecture.');
  }
  const variables = input.Environment?.Variables;
  if (variables !== undefined) {
    const reserved = Object.keys(variables).filter((key) => RESERVED_ENV_KEYS.has(key));
    if (reserved.length > 0) {
      return invalidParameterValue(`Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(',')}`);
    }
    const measured = JSON.stringify(variables);
    if (Buffer.byteLength(measured) > ENVIRONMENT_LIMIT_BYTES) {
      return invalidParameterValue(`Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`);
    }
  }
  return undefined;
}

/** Throws the error AWS would answer for an invalid CreateFunction input. */
export function validateCreateFunction(input: CreateFunctionCommandInput): void {
  const problems = constraintProblems(input, true);
  if (problems.length > 0) throw lambdaValidationError(problems);
  const problem = semanticProblem(input);
  if (problem) throw problem;
  if ((input.PackageType ?? 'Zip') !== 'Zip') throw invalidParameterValue('The local Lambda emulator only runs PackageType Zip functions.');
  if (input.Runtime === undefined) throw invalidParameterValue('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
  if (input.Handler === undefined) throw invalidParameterValue('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
  const code = input.Code;
  if (code?.ZipFile === undefined && (code?.S3Bucket === undefined || code.S3Key === undefined)) {
    throw invalidParameterValue('Please provide a source for function code.');
  }
}

/** Throws the error AWS would answer for an invalid UpdateFunctionConfiguration input. */
export function validateUpdateFunctionConfiguration(input: UpdateFunctionConfigurationCommandInput): void {
  // FunctionName here is the path parameter, which may be an ARN; it was resolved already.
  const problems = constraintProblems({ ...input, FunctionName: undefined }, false);
  if (problems.length > 0) throw lambdaValidationError(problems);
  const problem = semanticProblem(input);
  if (problem) throw problem;
}

/** UpdateFunctionCode's Architectures: each one of Lambda's two, and exactly one of them. */
export function validateArchitectures(architectures: CreateFunctionCommandInput['Architectures']): void {
  const problems = constraintProblems({ Architectures: architectures }, false);
  if (problems.length > 0) throw lambdaValidationError(problems);
  if (architectures !== undefined && architectures.length !== 1) throw invalidParameterValue('Function can only have one architecture.');
}
