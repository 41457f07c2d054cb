import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallContext, RoleAccess, Scope, ServiceHandler, ServiceStatus } from '../shared/index.js';
import type { SessionRegistry } from '../sts/index.js';
import type { LambdaContext, Operation, OperationRequest } from './context.js';
import { requestEntityTooLarge, unknownOperation } from './errors.js';
import { readLimitedBody, sendAnswer, sendLambdaError, type LambdaAnswer } from './http.js';
import { createFunction } from './operations/create-function.js';
import { deleteFunction } from './operations/delete-function.js';
import { getFunctionCodeZip } from './operations/get-function-code-zip.js';
import { getFunctionConfiguration } from './operations/get-function-configuration.js';
import { getFunction } from './operations/get-function.js';
import { invoke } from './operations/invoke.js';
import { listFunctions } from './operations/list-functions.js';
import { getFunctionCodeSigningConfig, listVersionsByFunction } from './operations/read-only.js';
import { addPermission, getPolicy, removePermission } from './operations/permissions.js';
import { deleteLayerVersion } from './operations/delete-layer-version.js';
import { getLayerVersion, getLayerVersionByArn, getLayerVersionContent } from './operations/get-layer-version.js';
import { listLayers, listLayerVersions } from './operations/list-layer-versions.js';
import { publishLayerVersion } from './operations/publish-layer-version.js';
import { parseFunctionReference } from './arn.js';
import { parseLayerName } from './layers/layer-arn.js';
import { LayerStore } from './layers/layer-store.js';
import { prepareRuntimeModules } from './runtime/runtime-modules.js';
import { listTags, tagResource, untagResource } from './operations/tags.js';
import { updateFunctionCode } from './operations/update-function-code.js';
import { updateFunctionConfiguration } from './operations/update-function-configuration.js';
import { matchRoute, type OperationName } from './router.js';
import { FunctionRunner } from './runtime/function-runner.js';
import { FunctionStore } from './store.js';

export interface LambdaServiceOptions {
  /** Root state folder: functions and layers under `<stateDir>/lambda/<account>/<region>/` (state-paths.ts), logs under `<stateDir>/logs/lambda/`. */
  stateDir: string;
  /** The endpoint's own account and region: requests without a SigV4 scope act in it. */
  scope: Scope;
  /** The Python interpreter for Python functions: this option, else `HOSEPIPE_PYTHON`, else `python3` on PATH. */
  python?: string;
  /** The local endpoint's URL, given to functions as AWS_ENDPOINT_URL and used to fetch code from S3. */
  endpointUrl?: () => string | undefined;
  /** Most warm instances per function (default 4); invocations beyond it queue. */
  concurrency?: number;
  /** Issues the role credentials each function instance runs with (the edge's registry, so it knows their caller). */
  sessions?: SessionRegistry;
  /** The endpoint's IAM: execution roles must be assumable by Lambda. Absent: any role is accepted. */
  roles?: RoleAccess;
  /** Also receives every log text a function writes (the edge forwards it to CloudWatch Logs, as Lambda does). */
  onLog?: (functionName: string, logStreamName: string, text: string, scope: Scope) => void;
}

export interface LambdaService extends ServiceHandler {
  readonly name: 'lambda';
  /**
   * Invoke (RequestResponse) for a caller in this process, such as the Firehose shim: the operation
   * the HTTP API runs, on the same warm instances, without the trip through HTTP and an SDK client.
   * `payload` is JSON text the caller wrote, so it is not checked again. A full function ARN names the
   * account and region to look in; a bare name is the endpoint's own. Errors are thrown as the AwsError
   * the API would answer.
   */
  invoke(functionName: string, payload: readonly Buffer[]): Promise<LambdaAnswer>;
  /** The resource-based policy (JSON text) of the function a full ARN names, for IAM evaluation; undefined when it has none. */
  functionPolicy(functionArn: string): string | undefined;
  /** A function's execution role ARN, which its log delivery acts as. */
  executionRole(scope: Scope, functionName: string): string | undefined;
}

const DEFAULT_CONCURRENCY = 4;
// Request body limits Lambda enforces per operation (Invoke: 6 MB; code uploads: 50 MB zipped as base64 JSON).
const INVOKE_LIMIT_BYTES = 6_291_456;
const CODE_UPLOAD_LIMIT_BYTES = 69_905_067;
const OTHER_LIMIT_BYTES = 1_048_576;

const OPERATIONS: Record<OperationName, { run: Operation; limitBytes: number; limitName: string }> = {
  CreateFunction: { run: createFunction, limitBytes: CODE_UPLOAD_LIMIT_BYTES, limitName: 'CreateFunction' },
  UpdateFunctionCode: { run: updateFunctionCode, limitBytes: CODE_UPLOAD_LIMIT_BYTES, limitName: 'UpdateFunctionCode' },
  Invoke: { run: invoke, limitBytes: INVOKE_LIMIT_BYTES, limitName: 'InvokeFunction' },
  ListFunctions: { run: listFunctions, limitBytes: OTHER_LIMIT_BYTES, limitName: 'ListFunctions' },
  GetFunction: { run: getFunction, limitBytes: OTHER_LIMIT_BYTES, limitName: 'GetFunction' },
  GetFunctionCodeZip: { run: getFunctionCodeZip, limitBytes: OTHER_LIMIT_BYTES, limitName: 'GetFunction' },
  GetFunctionConfiguration: { run: getFunctionConfiguration, limitBytes: OTHER_LIMIT_BYTES, limitName: 'GetFunctionConfiguration' },
  UpdateFunctionConfiguration: { run: updateFunctionConfiguration, limitBytes: OTHER_LIMIT_BYTES, limitName: 'UpdateFunctionConfiguration' },
  DeleteFunction: { run: deleteFunction, limitBytes: OTHER_LIMIT_BYTES, limitName: 'DeleteFunction' },
  ListTags: { run: listTags, limitBytes: OTHER_LIMIT_BYTES, limitName: 'ListTags' },
  ListVersionsByFunction: { run: listVersionsByFunction, limitBytes: OTHER_LIMIT_BYTES, limitName: 'ListVersionsByFunction' },
  GetFunctionCodeSigningConfig: { run: getFunctionCodeSigningConfig, limitBytes: OTHER_LIMIT_BYTES, limitName: 'GetFunctionCodeSigningConfig' },
  GetPolicy: { run: getPolicy, limitBytes: OTHER_LIMIT_BYTES, limitName: 'GetPolicy' },
  AddPermission: { run: addPermission, limitBytes: OTHER_LIMIT_BYTES, limitName: 'AddPermission' },
  RemovePermission: { run: removePermission, limitBytes: OTHER_LIMIT_BYTES, limitName: 'RemovePermission' },
  TagResource: { run: tagResource, limitBytes: OTHER_LIMIT_BYTES, limitName: 'TagResource' },
  UntagResource: { run: untagResource, limitBytes: OTHER_LIMIT_BYTES, limitName: 'UntagResource' },
  PublishLayerVersion: { run: publishLayerVersion, limitBytes: CODE_UPLOAD_LIMIT_BYTES, limitName: 'PublishLayerVersion' },
  ListLayerVersions: { run: listLayerVersions, limitBytes: OTHER_LIMIT_BYTES, limitName: 'ListLayerVersions' },
  GetLayerVersion: { run: getLayerVersion, limitBytes: OTHER_LIMIT_BYTES, limitName: 'GetLayerVersion' },
  GetLayerVersionByArn: { run: getLayerVersionByArn, limitBytes: OTHER_LIMIT_BYTES, limitName: 'GetLayerVersionByArn' },
  GetLayerVersionContent: { run: getLayerVersionContent, limitBytes: OTHER_LIMIT_BYTES, limitName: 'GetLayerVersion' },
  DeleteLayerVersion: { run: deleteLayerVersion, limitBytes: OTHER_LIMIT_BYTES, limitName: 'DeleteLayerVersion' },
  ListLayers: { run: listLayers, limitBytes: OTHER_LIMIT_BYTES, limitName: 'ListLayers' },
};

/**
 * The scope an unsigned download (a Code.Location or Content.Location URL) acts in: the one its ARN
 * names, as the presigned URL it stands for would. Other operations act in the call's scope.
 */
function downloadScope(operation: OperationName, target: string | undefined, callScope: Scope): Scope {
  if (target === undefined) return callScope;
  if (operation === 'GetFunctionCodeZip') {
    const reference = parseFunctionReference(target);
    return reference?.accountId !== undefined && reference.region !== undefined ? { accountId: reference.accountId, region: reference.region } : callScope;
  }
  if (operation === 'GetLayerVersionContent') {
    try {
      return parseLayerName(target, callScope).scope;
    } catch {
      return callScope;
    }
  }
  return callScope;
}

/**
 * The Lambda REST-JSON API for paths under `/2015-03-31/functions` (and `/2017-03-31/tags`), with
 * functions run in warm child processes. Functions persist in the state folder and reload here.
 */
export function createLambdaService(options: LambdaServiceOptions): LambdaService {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${String(options.concurrency)}`);
  const endpointUrl = options.endpointUrl ?? (() => undefined);
  const background = new Set<Promise<unknown>>();
  const context: LambdaContext = {
    home: options.scope,
    stateDir: options.stateDir,
    store: new FunctionStore(options.stateDir),
    layers: new LayerStore(options.stateDir),
    runner: new FunctionRunner({
      stateDir: options.stateDir,
      home: options.scope,
      concurrency,
      endpointUrl,
      onLog: options.onLog,
      sessions: options.sessions,
      runtimeModules: prepareRuntimeModules(options.stateDir),
      python: options.python ?? process.env.HOSEPIPE_PYTHON,
    }),
    endpointUrl,
    now: () => Date.now(),
    ...(options.roles ? { roles: options.roles } : {}),
    track: (work) => {
      const settled = work.catch(() => undefined).finally(() => background.delete(settled));
      background.add(settled);
    },
  };
  let closing: Promise<void> | undefined;

  const handle = async (request: IncomingMessage, response: ServerResponse, call?: CallContext): Promise<void> => {
    try {
      if (closing) throw new Error('The Lambda service is shutting down');
      const url = new URL(request.url ?? '/', 'http://localhost');
      // The path as sent: URL parsing would resolve `%2e%2e` segments before the name could be refused.
      const rawPath = (request.url ?? '/').split('?')[0] ?? '/';
      const route = matchRoute(request.method ?? 'GET', rawPath, url.searchParams);
      if (route === undefined) throw unknownOperation(request.method ?? 'GET', rawPath.slice(0, 200));
      const operation = OPERATIONS[route.operation];
      const body = await readLimitedBody(request, operation.limitBytes);
      if (body.exceeded) throw requestEntityTooLarge(operation.limitBytes, operation.limitName);
      let joined: Buffer | undefined;
      const operationRequest: OperationRequest = {
        scope: downloadScope(route.operation, route.target, call?.scope ?? options.scope),
        query: url.searchParams,
        headers: request.headers,
        get body() {
          joined ??= body.chunks.length === 1 ? body.chunks[0]! : Buffer.concat(body.chunks);
          return joined;
        },
        chunks: body.chunks,
        size: body.size,
        ownsChunks: true,
        ...(route.target !== undefined ? { target: route.target } : {}),
        ...(route.version !== undefined ? { version: route.version } : {}),
      };
      sendAnswer(response, await operation.run(context, operationRequest));
    } catch (error) {
      if (!response.headersSent) sendLambdaError(response, error);
      else response.destroy(error instanceof Error ? error : undefined);
    }
  };

  const invokeInProcess = (functionName: string, payload: readonly Buffer[]): Promise<LambdaAnswer> => {
    if (closing) return Promise.reject(new Error('The Lambda service is shutting down'));
    const size = payload.reduce((sum, piece) => sum + piece.length, 0);
    if (size > INVOKE_LIMIT_BYTES) return Promise.reject(requestEntityTooLarge(INVOKE_LIMIT_BYTES, OPERATIONS.Invoke.limitName));
    let joined: Buffer | undefined;
    const reference = parseFunctionReference(functionName);
    const scope = reference?.accountId !== undefined && reference.region !== undefined ? { accountId: reference.accountId, region: reference.region } : options.scope;
    return invoke(context, {
      scope,
      target: functionName,
      query: new URLSearchParams(),
      headers: {},
      get body() {
        joined ??= payload.length === 1 ? payload[0]! : Buffer.concat(payload);
        return joined;
      },
      chunks: payload,
      size,
      writtenAsJson: true,
    });
  };

  return {
    name: 'lambda',
    handle,
    invoke: invokeInProcess,
    executionRole: (scope, name) => context.store.get(scope, name)?.configuration.Role,
    functionPolicy: (arn) => {
      const reference = parseFunctionReference(arn);
      if (reference?.accountId === undefined || reference.region === undefined) return undefined;
      const policy = context.store.get({ accountId: reference.accountId, region: reference.region }, reference.name)?.policy;
      return policy === undefined ? undefined : JSON.stringify(policy);
    },
    status: (): ServiceStatus => (closing ? 'disabled' : 'running'),
    close: () => {
      closing ??= (async () => {
        await Promise.all([...background]);
        await context.runner.close();
      })();
      return closing;
    },
  };
}
