import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError } from './aws-error.js';
import { sendAwsJsonError } from './http.js';
import { rootPrincipal, type CallContext, type Scope, type ServiceHandler } from './service.js';

// AWS's region shape: us-east-1, eu-central-2, us-gov-west-1, cn-north-1, us-isob-east-1, ap-southeast-7.
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const CREDENTIAL_PARAMETER = /Credential=([^,\s]+)/;
const ACCOUNT_KEY = /^\d{12}$/;

/** True for a string shaped like an AWS region name; only these may become part of a file path. */
export function isRegionName(value: string): boolean {
  return value.length <= 32 && REGION.test(value);
}

/**
 * The SigV4 credential of a request (Authorization header or presigned `X-Amz-Credential`), if it has
 * one; a credential not of the form keyid/date/region/service/aws4_request is refused as AWS refuses it.
 */
export function signingCredential(request: Pick<IncomingMessage, 'headers' | 'url'>): { accessKeyId: string; region: string; service: string } | undefined {
  const authorization = request.headers.authorization;
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  let credential: string | null | undefined = header?.startsWith('AWS4-') ? CREDENTIAL_PARAMETER.exec(header)?.[1] : undefined;
  if (credential === undefined && !header) {
    const query = (request.url ?? '').split('?')[1];
    credential = query ? new URLSearchParams(query).get('X-Amz-Credential') : null;
  }
  if (credential === undefined || credential === null) return undefined;
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1] as string)) {
    throw new AwsError('IncompleteSignatureException', `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential.slice(0, 200)}'`, 400);
  }
  return { accessKeyId: parts[0] as string, region: parts[2] as string, service: parts[3] as string };
}

/**
 * The account and region a request acts in: the region from its SigV4 scope (validated: a region that
 * is not region-shaped is refused before anything touches the state folder), the account from a
 * 12-digit access key id (as LocalStack does), otherwise the defaults.
 */
export function requestScope(request: Pick<IncomingMessage, 'headers' | 'url'>, defaults: Scope): Scope {
  const credential = signingCredential(request);
  if (!credential) return defaults;
  if (!isRegionName(credential.region)) {
    throw new AwsError('InvalidSignatureException', `Credential should be scoped to a valid region, not '${credential.region.slice(0, 64)}'. `, 400);
  }
  return { accountId: ACCOUNT_KEY.test(credential.accessKeyId) ? credential.accessKeyId : defaults.accountId, region: credential.region };
}

/** A listener for a service served on a port of its own (tests): the edge's scope step, then the service. */
export function serveWithScope(service: ServiceHandler, defaults: Scope): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    let call: CallContext;
    try {
      const scope = requestScope(request, defaults);
      call = { scope, principal: rootPrincipal(scope.accountId, signingCredential(request)?.accessKeyId) };
    } catch (error) {
      request.resume();
      sendAwsJsonError(response, error);
      return;
    }
    Promise.resolve(service.handle(request, response, call)).catch((error: unknown) => {
      if (!response.headersSent) sendAwsJsonError(response, error);
      else response.destroy();
    });
  };
}
