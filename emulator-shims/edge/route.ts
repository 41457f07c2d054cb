/** Where the edge sends a request. `admin` is hosepipe's own API; the rest are AWS services. */
export type Route = { kind: 'admin'; path: string } | { kind: 'service'; service: string };

export interface RouteInput {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Pure: the path and query of a request target exactly as sent. No `new URL`: it would resolve `..`
 * and `%2e%2e` segments, read `//bucket/key` as a host, and throw on an absolute-form target.
 */
export function splitTarget(target: string | undefined): { path: string; query: URLSearchParams } {
  let raw = target ?? '/';
  // Absolute form (`GET http://host/path`), as a proxy client sends it: keep the path.
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(raw);
  if (absolute) raw = raw.slice(absolute[0].length) || '/';
  const hash = raw.indexOf('#');
  if (hash !== -1) raw = raw.slice(0, hash);
  const mark = raw.indexOf('?');
  return mark === -1 ? { path: raw, query: new URLSearchParams() } : { path: raw.slice(0, mark), query: new URLSearchParams(raw.slice(mark + 1)) };
}

const SIGV4_SCOPE = /Credential=[^/]+\/\d{8}\/[^/]+\/([a-z0-9-]+)\/aws4_request/;

/**
 * Picks the service from headers and path alone, never the body, in the order DESIGN.md gives:
 * admin path (unless the admin API is off), Kinesis and Firehose targets, the Lambda path, the SigV4 scope, then S3.
 */
export function routeRequest(input: RouteInput, options: { admin?: boolean } = {}): Route {
  // Without the admin API (an endpoint standing in for AWS) these paths are routed as any other path is.
  if (options.admin !== false) {
    if (input.path.startsWith('/_hosepipe/')) return { kind: 'admin', path: input.path.slice('/_hosepipe/'.length) };
    // LocalStack's health path too, so existing wait scripts work unchanged.
    if (input.path === '/_localstack/health') return { kind: 'admin', path: 'health' };
  }
  const target = header(input.headers, 'x-amz-target');
  if (target?.startsWith('Kinesis_20131202.')) return { kind: 'service', service: 'kinesis' };
  if (target?.startsWith('Firehose_20150804.')) return { kind: 'service', service: 'firehose' };
  if (/^\/20\d\d-\d\d-\d\d\/(functions|layers)(\/|$)/.test(input.path)) return { kind: 'service', service: 'lambda' };
  const scoped = signingService(input);
  if (scoped) return { kind: 'service', service: scoped === 'execute-api' ? 's3' : scoped };
  return { kind: 'service', service: 's3' };
}

/** The service named in the SigV4 credential scope of the Authorization header or the presigned query. */
export function signingService(input: Pick<RouteInput, 'headers' | 'query'>): string | undefined {
  const authorization = header(input.headers, 'authorization');
  const fromHeader = authorization ? SIGV4_SCOPE.exec(authorization)?.[1] : undefined;
  if (fromHeader) return fromHeader;
  const credential = input.query.get('X-Amz-Credential');
  return credential?.split('/')[3];
}

/** True when the request carries credentials in form (header or presigned query); signatures are not verified. */
export function hasCredentials(input: Pick<RouteInput, 'headers' | 'query'>): boolean {
  const authorization = header(input.headers, 'authorization');
  if (authorization && /^AWS4-HMAC-SHA256 Credential=\S+/.test(authorization)) return true;
  if (authorization?.startsWith('AWS ')) return true;
  return input.query.has('X-Amz-Credential') || input.query.has('AWSAccessKeyId');
}

/**
 * S3 requests a browser sends without credentials, which S3 itself judges: a CORS preflight (answered
 * from the bucket's CORS configuration) and a form POST upload (refused unless its form carries a
 * policy and a signature).
 */
export function s3AnswersUnsigned(input: Pick<RouteInput, 'method' | 'headers'>): boolean {
  if (input.method === 'OPTIONS') return header(input.headers, 'access-control-request-method') !== undefined;
  return input.method === 'POST' && (header(input.headers, 'content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
}

function header(headers: RouteInput['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
