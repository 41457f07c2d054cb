import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createKinesisService, type KinesisService } from '../kinesis/index.js';
import { createS3Service, type S3Service } from '../s3/index.js';
import { createFirehoseService, type FirehoseService } from '../firehose/index.js';
import { createAuthorizer, createIamService, openIamAccounts, type Authorizer } from '../iam/index.js';
import { createLambdaService, type LambdaService } from '../lambda/index.js';
import { callerOf, createSessionRegistry, createStsService, type SessionRegistry } from '../sts/index.js';
import { createLogsService } from '../logs/index.js';
import {
  AwsError, createClock, listenOnLoopback, sendJson, LOCAL_ACCOUNT_ID, QUERY_NAMESPACES, sendAwsError, sendAwsJson,
  type AwsProtocol, type CallContext, type Clock, type Scope, type ServiceHandler, type StartedServer,
} from '../shared/index.js';
import { createErrorCounters, createPipelineView, createSourceRegistry, type PipelineView, type ViewRouteContext } from '../admin/index.js';
import { handleAdmin } from './admin.js';
import { applyFaults } from './apply-faults.js';
import { createFaultRules, type FaultRules } from './faults.js';
import { createLoopbackClientCache, FIREHOSE_SESSION_NAME } from './clients.js';
import { createExternalEngine } from './external-engine.js';
import { readLocalKinesis } from './local-kinesis.js';
import { invokeLocalLambda } from './local-lambda.js';
import { writeLocalS3 } from './local-s3.js';
import { functionLogWriter } from './function-logs.js';
import { createHostPolicy, type HostPolicy } from './hosts.js';
import { hasCredentials, routeRequest, s3AnswersUnsigned, splitTarget } from './route.js';
import { authorizeCall, needsAuthorization, type CallGate } from './authorize-call.js';
import { findOperation } from './operation.js';

export const DEFAULT_EDGE_PORT = 4566;
const VERSION = '0.1.0';
// How each service writes an error the edge answers for it (before the service sees the request).
const SERVICE_PROTOCOLS: Record<string, AwsProtocol> = {
  kinesis: 'awsJson', firehose: 'awsJson', logs: 'awsJson', lambda: 'restJson', s3: 'restXml', iam: 'query', sts: 'query',
};

export interface EdgeOptions {
  /** 0 picks a free port (tests); `hosepipe up` uses 4566 like LocalStack. */
  port?: number;
  /**
   * Host names served besides the loopback ones (`localhost`, `127.0.0.1`, `[::1]`, `*.localhost`),
   * each with its virtual-host forms: hosepipe.yaml's `endpoint.allowedHosts`, e.g. a Compose service name.
   */
  allowedHosts?: readonly string[];
  /** The address to bind, 127.0.0.1 unless given: only the compose endpoint gives its container's interface (0.0.0.0). */
  host?: string;
  /** Engines keep their files here: `s3/`, `kinesis/` (or `kinesis-scratch/`), `firehose/`, `lambda/`, `logs/`. */
  stateDir: string;
  region?: string;
  /**
   * Keep Kinesis streams and records in `kinesis/` (they survive restarts and kill -9); otherwise streams
   * are in memory and records past each shard's recent tail in `kinesis-scratch/`, emptied at start and stop.
   */
  persistKinesis?: boolean;
  firehose?: { createDelayMs?: number; deleteDelayMs?: number; pollIntervalMs?: number };
  clock?: Clock;
  /** The Python interpreter Lambda's Python functions run on (default: `HOSEPIPE_PYTHON`, else `python3` on PATH). */
  lambdaPython?: string;
  /** CloudWatch Logs bounds: event bytes kept (1 GiB), log groups (10,000) and log streams (100,000) in all. */
  logs?: { maxStoredBytes?: number; maxGroups?: number; maxStreams?: number; segmentBytes?: number };
  /** Per-shard Kinesis quotas (1 MiB/s or 1,000 records/s write, 2 MiB/s and 5 GetRecords/s read); off by default. */
  kinesisQuotas?: boolean;
  /** Engines outside this endpoint (a pinned LocalStack): that service's requests, Firehose's too, go to the URL. */
  engines?: { kinesis?: string; s3?: string };
  /**
   * IAM evaluation of the role sessions the endpoint issues (functions, Firehose, AssumeRole) and of
   * trust policies: `enforce` this option, else `HOSEPIPE_IAM` (`on` / `off`), else on, as on AWS (see docs/fidelity.md).
   */
  iam?: { enforce?: boolean };
  /**
   * hosepipe's admin API (`/_hosepipe/...`, `/_localstack/health`: health, metrics, flush, clock, faults, the
   * pipeline view): this option, else `HOSEPIPE_ADMIN` (`on` / `off`), else on. Off, the endpoint stands in for
   * AWS: only the AWS APIs answer, and those paths are routed as any other path is.
   */
  admin?: boolean;
}

export interface EdgeServer extends StartedServer {
  readonly clock: Clock;
  readonly scope: Scope;
  readonly firehose: FirehoseService;
  /** Fault rules, as `/_hosepipe/faults` edits them, for in-process users (tests, scenarios). */
  readonly faults: FaultRules;
  /** The role sessions this endpoint issued (AssumeRole, function execution roles); each request's `call.principal` comes from it. */
  readonly sessions: SessionRegistry;
  /** IAM evaluation: whether it is enforced, and the calls it denied. */
  readonly authorizer: Authorizer;
  /** Counts a denial that never became an HTTP answer (an in-process invoke), for the pipeline view. */
  countDenial(scope: Scope, service: string, operation: string): void;
  /** Whether `/_hosepipe/...` is served (off: the endpoint answers only AWS APIs, as AWS does). */
  readonly admin: boolean;
}

/** On: the roles a pipeline runs with locally are the ones that will run on AWS, so they are evaluated as AWS does. */
export const IAM_ENFORCED_BY_DEFAULT = true;

/** Pure: whether IAM is enforced: the option, else `HOSEPIPE_IAM` (`on`/`off`, `true`/`false`, `1`/`0`), else the default. */
export function iamEnforced(option: boolean | undefined, env: string | undefined = process.env.HOSEPIPE_IAM): boolean {
  if (option !== undefined) return option;
  const value = (env ?? '').trim().toLowerCase();
  if (['on', 'true', '1', 'yes'].includes(value)) return true;
  if (['off', 'false', '0', 'no'].includes(value)) return false;
  return IAM_ENFORCED_BY_DEFAULT;
}

/** Pure: whether the admin API is served: the option, else `HOSEPIPE_ADMIN` (`on`/`off`, `true`/`false`, `1`/`0`), else on. */
export function adminEnabled(option: boolean | undefined, env: string | undefined = process.env.HOSEPIPE_ADMIN): boolean {
  if (option !== undefined) return option;
  const value = (env ?? '').trim().toLowerCase();
  if (['off', 'false', '0', 'no'].includes(value)) return false;
  return true;
}

/** The local endpoint: one loopback port serving Kinesis, S3, Firehose, Lambda and the admin API. */
export async function createEdgeServer(options: EdgeOptions): Promise<EdgeServer> {
  const scope: Scope = { accountId: LOCAL_ACCOUNT_ID, region: options.region ?? 'us-east-1' };
  const clock = options.clock ?? createClock();
  const services = new Map<string, ServiceHandler>();
  const faults = createFaultRules();
  const sessions = createSessionRegistry({ file: join(options.stateDir, 'sts', 'sessions.json') });
  const hosts = createHostPolicy(options.allowedHosts);
  const admin = adminEnabled(options.admin);
  const iamAccounts = openIamAccounts(options.stateDir, scope.accountId);
  const authorizer = createAuthorizer({ accounts: iamAccounts, enforce: iamEnforced(options.iam?.enforce), now: () => clock.now() });
  let s3: S3Service | undefined;
  let kinesis: KinesisService | undefined;
  let lambda: LambdaService | undefined;
  const gate: CallGate = {
    authorizer,
    bucketPolicy: (_scope, bucket) => s3?.bucketPolicy(bucket),
    iteratorStream: (iterator) => kinesis?.iteratorStream(iterator),
    functionPolicy: (_scope, arn) => lambda?.functionPolicy(arn),
  };
  const errors = createErrorCounters();
  const sources = createSourceRegistry();
  let firehose: FirehoseService | undefined;
  let view: ViewRouteContext | undefined;
  let pipelineView: PipelineView | undefined;

  const route = (request: IncomingMessage, response: ServerResponse): void => {
    const { path, query } = splitTarget(request.url);
    const route = routeRequest({ method: request.method ?? 'GET', path, query, headers: request.headers }, { admin });
    const protocol = route.kind === 'admin' ? 'awsJson' : SERVICE_PROTOCOLS[route.service] ?? 'awsJson';
    const refuse = (error: AwsError): void => {
      request.resume();
      if (route.kind === 'admin') sendJson(response, error.statusCode, { error: error.code, message: error.message });
      else sendAwsError(response, error, protocol, { namespace: QUERY_NAMESPACES[route.service], resource: path });
    };
    if (!hosts.allowsHost(request.headers.host)) return refuse(hostRefused(request.headers.host, hosts, protocol));
    if (route.kind === 'admin') {
      if (!firehose) return void sendAwsJson(response, 503, { __type: 'ServiceUnavailableException', message: 'hosepipe endpoint is starting' });
      void handleAdmin(route.path, query, request, response, { services, firehose, clock, faults, version: VERSION, hosts, port: started.port, engines: options.engines ?? {}, authorizer, ...(view ? { view } : {}) });
      return;
    }
    const service = services.get(route.service);
    if (!service) {
      request.resume();
      sendAwsJson(response, 501, { __type: 'NotImplemented', message: `hosepipe does not emulate the '${route.service}' service` });
      return;
    }
    // S3 answers browsers by each bucket's CORS configuration; the other APIs take no cross-site calls.
    if (route.service !== 's3' && !hosts.allowsOrigin(request.headers.origin, started.port)) {
      return refuse(new AwsError(protocol === 'awsJson' || protocol === 'restJson' ? 'AccessDeniedException' : 'AccessDenied', `hosepipe does not serve cross-site browser calls to ${route.service} (Origin: ${JSON.stringify(request.headers.origin)})`, 403));
    }
    // S3 itself judges a CORS preflight and a form POST, which browsers send without credentials.
    const unsigned = route.service === 's3' && s3AnswersUnsigned({ method: request.method ?? 'GET', headers: request.headers });
    if (!unsigned && !hasCredentials({ headers: request.headers, query })) {
      request.resume();
      sendAwsJson(response, 403, { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
      return;
    }
    let call: CallContext;
    try {
      call = callerOf(request, scope, sessions, route.service);
    } catch (error) {
      request.resume();
      sendAwsError(response, error, protocol, { namespace: QUERY_NAMESPACES[route.service] });
      return;
    }
    errors.watch(route.service, call.scope, request, response, () => findOperation(route.service, { method: request.method ?? 'GET', path, query, headers: request.headers }));
    // Role sessions' calls pass IAM first (root's, the common case, skip it without a promise).
    const pass = (forward: IncomingMessage): void | Promise<void> => (needsAuthorization(gate, call)
      ? authorizeCall(gate, route.service, forward, response, call).then((allowed) => allowed && service.handle(allowed, response, call))
      : service.handle(forward, response, call));
    const handled = faults.covers(route.service)
      ? applyFaults(faults, route.service, request, response).then((forward) => forward && pass(forward))
      : pass(request);
    Promise.resolve(handled).catch((error: unknown) => answerUnexpected(request, response, error));
  };

  // The last line of defence: whatever a handler throws ends that request with a 500, never the process.
  const dispatch = (request: IncomingMessage, response: ServerResponse): void => {
    request.on('error', ignoreAbort);
    response.on('error', ignoreAbort);
    try {
      route(request, response);
    } catch (error) {
      answerUnexpected(request, response, error);
    }
  };

  const started = await listenOnLoopback(dispatch, {
    port: options.port ?? 0,
    ...(options.host === undefined ? {} : { host: options.host }),
    onClose: async () => {
      pipelineView?.close();
      // Firehose first: it drains its buffers through the other services.
      await firehose?.close();
      for (const [name, service] of services) if (name !== 'firehose') await service.close();
      loopback.destroy();
    },
  });

  // Firehose reads and writes in each delivery stream's own account and region.
  const loopback = createLoopbackClientCache(started.url, scope, sessions);
  const external = options.engines ?? {};
  if (!external.kinesis) {
    kinesis = createKinesisService({
      // In memory unless persisted, but records past each shard's recent tail are read back from scratch files
      // either way: a day of retention under load does not sit on the heap.
      ...(options.persistKinesis ? { directory: join(options.stateDir, 'kinesis') } : { scratchDirectory: join(options.stateDir, 'kinesis-scratch') }),
      enforceQuotas: options.kinesisQuotas ?? false,
      quotaNow: () => clock.now(),
    });
  }
  services.set('kinesis', kinesis ?? createExternalEngine('kinesis', external.kinesis as string));
  if (!external.s3) s3 = createS3Service({ stateDir: options.stateDir, scope });
  services.set('s3', s3 ?? createExternalEngine('s3', external.s3 as string));
  const logs = createLogsService({ stateDir: options.stateDir, scope, now: () => clock.now(), ...options.logs });
  services.set('logs', logs);
  lambda = createLambdaService({
    stateDir: options.stateDir,
    scope,
    endpointUrl: () => started.url,
    sessions,
    roles: authorizer,
    ...(options.lambdaPython !== undefined ? { python: options.lambdaPython } : {}),
    // Function output goes to CloudWatch Logs as on AWS, one event per line, as the function's role.
    onLog: functionLogWriter(logs, authorizer, () => lambda),
  });
  services.set('lambda', lambda);
  services.set('iam', createIamService({ stateDir: options.stateDir, scope, now: () => clock.now(), accounts: iamAccounts }));
  services.set('sts', createStsService({
    scope, sessions,
    ...(authorizer.enforce ? { trust: { callerCanAssume: authorizer.callerCanAssume, maxSessionDuration: (arn: string) => iamAccounts.findRole(arn)?.MaxSessionDuration } } : {}),
  }));
  firehose = createFirehoseService({
    stateDir: options.stateDir, scope, clock, ...options.firehose, roles: authorizer,
    // As its roles only when IAM is enforced: without it Firehose's calls stay the stream account's root, as before.
    clients: (streamScope, roleArn) => loopback.clientsFor(streamScope, authorizer.enforce ? roleArn : undefined),
    invokeLambda: invokeLocalLambda(lambda, faults, { roles: authorizer, functionPolicy: (_scope, arn) => lambda?.functionPolicy(arn) }),
    ...(kinesis ? { readKinesis: readLocalKinesis(kinesis, faults, authorizer, errors.countError), puts: kinesis.store.puts } : {}),
    ...(s3 ? { writeS3: writeLocalS3(s3, faults, authorizer, errors.countError) } : {}),
    // Firehose logs only to a group and stream that exist, and only as its role may; it does not create them (Lambda does).
    log: (streamScope, group, stream, message, roleArn) => {
      const principal = authorizer.sessionPrincipal(roleArn, FIREHOSE_SESSION_NAME);
      const resource = `arn:aws:logs:${streamScope.region}:${streamScope.accountId}:log-group:${group}:log-stream:${stream}`;
      const write = () => logs.append(group, stream, [message], { createMissing: false, scope: streamScope });
      if (!authorizer.enforce || principal === undefined) return write();
      void authorizer.decide(principal, { action: 'logs:PutLogEvents', resource, region: streamScope.region }).then((denied) => denied === undefined && write());
    },
  });
  services.set('firehose', firehose);
  if (admin) {
    pipelineView = createPipelineView({ firehose, clock, faults, errors, sources, endpointUrl: () => started.url });
    view = { view: pipelineView, firehose, sources, stateDir: options.stateDir, defaultScope: scope };
  }

  return Object.assign(started, { clock, scope, firehose, faults, sessions, authorizer, countDenial: errors.countDenial, admin });
}

/** 403 for a `Host` the endpoint does not serve (DNS rebinding), naming the names it does. */
function hostRefused(host: string | undefined, hosts: HostPolicy, protocol: AwsProtocol): AwsError {
  const code = protocol === 'awsJson' || protocol === 'restJson' ? 'AccessDeniedException' : 'AccessDenied';
  return new AwsError(code, `hosepipe serves only these hosts: ${hosts.allowed.join(', ')}; got Host ${JSON.stringify(String(host).slice(0, 255))}. List other names under endpoint.allowedHosts in hosepipe.yaml.`, 403);
}

/** An aborted request or a reset connection: that request is over, nothing else is affected. */
function ignoreAbort(): void {}

function answerUnexpected(request: IncomingMessage, response: ServerResponse, error: unknown): void {
  process.stderr.write(`hosepipe endpoint: ${request.method} ${String(request.url).slice(0, 200)} failed unexpectedly: ${error instanceof Error ? error.stack : String(error)}\n`);
  try {
    request.resume();
    if (!response.headersSent) sendAwsJson(response, 500, { __type: 'InternalFailure', message: error instanceof Error ? error.message : String(error) });
    else response.destroy();
  } catch {
    response.destroy();
  }
}
