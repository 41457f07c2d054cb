/**
 * The one line the CLI prints for an error it recognises: what went wrong and what to do. Pure; `iamAction` is
 * the action recorded on an SDK error by provisioning's clients (passed in so this module imports no SDK).
 */
export function explainError(error: unknown, iamAction?: string): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = awsCode(error);
  const action = actionOf(error, iamAction);
  const said = `${code ?? error.name}: ${firstLine(error.message)}`;

  if (error.name === 'CredentialsProviderError' || error.name === 'TokenProviderError') {
    return /expired|refresh/i.test(error.message)
      ? `the AWS credentials have expired (${firstLine(error.message)}): ${REFRESH}`
      : `no AWS credentials (${firstLine(error.message)}): ${GIVE_CREDENTIALS}`;
  }
  if (code && EXPIRED.has(code)) return `the AWS credentials have expired (${said}${action ? `, on ${action}` : ''}): ${REFRESH}`;
  if (code && INVALID.has(code)) {
    return `AWS did not accept the credentials (${said}): check which ones are in use with \`aws sts get-caller-identity\`; ${GIVE_CREDENTIALS}`;
  }
  // S3 answers a HEAD it refuses with a bare 403, which the SDK can only call Unknown.
  if (code && (DENIED.has(code) || (httpStatus(error) === 403 && /^(Unknown|UnknownError|403)$/.test(code)))) {
    const denied = /perform: ([a-z0-9-]+:[A-Za-z0-9]+)/.exec(error.message)?.[1] ?? action ?? 'the call';
    return `AWS denied ${denied} (${said}): grant ${denied} to the identity you deploy with (the README's "Permissions the deploying user needs" lists every action)`;
  }
  if (code && isThrottling(code, error.message)) {
    const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts;
    return `AWS is throttling ${action ?? 'the calls'} (${said}${attempts ? `, still after ${attempts} attempts` : ''}): wait a minute and run it again; AWS_MAX_ATTEMPTS=10 makes the SDK retry longer`;
  }
  if (error.message === 'Region is missing') {
    return 'no AWS region: pass --region, set AWS_REGION, or set region in hosepipe.yaml';
  }
  const network = networkError(error);
  if (network?.code === 'EADDRINUSE') return portInUse(network.port, 'the ports in hosepipe.yaml (endpoint.port, nginx.listen)');
  if (network?.code === 'ECONNREFUSED' && isLoopback(network.address)) {
    return `nothing answers at ${network.address}:${network.port} (the local endpoint is not running): start it with \`make up\` (or \`npx hosepipe up -d\`)`;
  }
  if (network && (network.code === 'ENOTFOUND' || network.code === 'EAI_AGAIN' || network.code === 'ECONNREFUSED' || network.code === 'ETIMEDOUT')) {
    return `could not reach ${network.hostname ?? network.address ?? 'AWS'} (${network.code}): check the network connection, a proxy (HTTPS_PROXY) and the region`;
  }
  const nginxBind = /bind\(\) to ([\d.]+):(\d+) failed \(98: Address already in use\)/.exec(error.message);
  if (nginxBind) return portInUse(Number(nginxBind[2]), 'nginx.listen in hosepipe.yaml');
  return undefined;
}

const GIVE_CREDENTIALS =
  'give them as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (with AWS_SESSION_TOKEN for temporary ones), as a profile (--profile NAME or AWS_PROFILE; `aws configure` or `aws configure sso`), or through an instance or container role';
const REFRESH = 'refresh them (`aws sso login` for an SSO profile, or new AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN) and run it again';

const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const INVALID = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'InvalidSignatureException', 'AuthFailure', 'IncompleteSignature']);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError', 'Forbidden', 'KMS.AccessDeniedException']);
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown', 'ProvisionedThroughputExceededException', 'RequestThrottled', 'RequestThrottledException']);

function isThrottling(code: string, message: string): boolean {
  // Kinesis answers LimitExceededException both for its API rate and for account limits (shards); only the first is a throttle.
  return THROTTLED.has(code) || (code === 'LimitExceededException' && /rate exceeded/i.test(message));
}

/** An AWS error code from an SDK error (`name`, set from the response), or undefined for other errors. */
function awsCode(error: Error): string | undefined {
  const withMetadata = error as Error & { $metadata?: unknown; Code?: string };
  return withMetadata.$metadata === undefined ? undefined : (withMetadata.Code ?? error.name);
}

function httpStatus(error: Error): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

function actionOf(error: Error, iamAction: string | undefined): string | undefined {
  return iamAction ?? /perform: ([a-z0-9-]+:[A-Za-z0-9]+)/.exec(error.message)?.[1];
}

interface NetworkError {
  code: string;
  address?: string;
  hostname?: string;
  port?: number;
}

/** A socket error anywhere in the cause chain (fetch wraps it in `TypeError: fetch failed`). */
function networkError(error: unknown): NetworkError | undefined {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    const errno = current as Error & { code?: unknown; syscall?: string; address?: string; hostname?: string; port?: number; errors?: unknown[] };
    if (typeof errno.code === 'string' && /^E[A-Z_]+$/.test(errno.code) && (errno.syscall !== undefined || errno.address !== undefined)) {
      return { code: errno.code, ...(errno.address ? { address: errno.address } : {}), ...(errno.hostname ? { hostname: errno.hostname } : {}), ...(errno.port ? { port: errno.port } : {}) };
    }
    // Node's happy-eyeballs connect reports each address it tried in an AggregateError.
    if (Array.isArray(errno.errors) && errno.errors.length > 0) return networkError(errno.errors[0]);
    current = errno.cause;
  }
  return undefined;
}

function isLoopback(address: string | undefined): boolean {
  return address === undefined || address === '127.0.0.1' || address === '::1' || address === 'localhost';
}

function portInUse(port: number | undefined, setting: string): string {
  const where = port === undefined ? 'a port hosepipe needs' : `port ${port} on 127.0.0.1`;
  return `${where} is in use (another \`hosepipe up\`? LocalStack?): stop what holds it (\`make down\`, or find it with \`ss -ltnp\`), or choose another port with ${setting}`;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]!.trim();
}
