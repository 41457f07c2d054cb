import type { IncomingMessage } from 'node:http';
import { AwsError, requestScope, rootPrincipal, signingCredential, type CallContext, type Principal, type Scope } from '../shared/index.js';
import type { RoleSession, SessionRegistry } from './sessions.js';

/**
 * The call context of a request: its scope (account and region, validated) and its caller. Credentials
 * the endpoint issued stand for their role session, in the role's account; they must come with their
 * session token and be unexpired, or the request is refused as AWS refuses it (in the protocol of
 * `service`). Any other key is the account's root, as before sessions existed. Throws an AwsError.
 */
export function callerOf(
  request: Pick<IncomingMessage, 'headers' | 'url'>,
  defaults: Scope,
  sessions: SessionRegistry,
  service: string,
  now: number = Date.now(),
): CallContext {
  const scope = requestScope(request, defaults);
  const accessKeyId = signingCredential(request)?.accessKeyId;
  const session = accessKeyId === undefined ? undefined : sessions.find(accessKeyId);
  if (session === undefined) return { scope, principal: rootPrincipal(scope.accountId, accessKeyId) };
  if (sessionToken(request) !== session.sessionToken) throw invalidToken(service);
  if (session.expiresAt <= now) throw expiredToken(service);
  return { scope: { accountId: session.accountId, region: scope.region }, principal: principalOf(session) };
}

/** Pure: the principal a session stands for. */
export function principalOf(session: RoleSession): Principal {
  return {
    type: 'assumed-role',
    accountId: session.accountId,
    arn: session.assumedRoleArn,
    roleArn: session.roleArn,
    roleName: session.roleName,
    roleId: session.roleId,
    sessionName: session.sessionName,
    accessKeyId: session.accessKeyId,
    expiresAt: session.expiresAt,
  };
}

function sessionToken(request: Pick<IncomingMessage, 'headers' | 'url'>): string | undefined {
  const header = request.headers['x-amz-security-token'];
  if (header !== undefined) return Array.isArray(header) ? header[0] : header;
  const query = (request.url ?? '').split('?')[1];
  return query ? new URLSearchParams(query).get('X-Amz-Security-Token') ?? undefined : undefined;
}

// Each service family names these two failures its own way (S3 and the query services differently from the JSON ones).
function invalidToken(service: string): AwsError {
  if (service === 's3') return new AwsError('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400);
  if (service === 'sts' || service === 'iam') return new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  return new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.', service === 'lambda' ? 403 : 400);
}

function expiredToken(service: string): AwsError {
  if (service === 's3') return new AwsError('ExpiredToken', 'The provided token has expired.', 400);
  if (service === 'sts' || service === 'iam') return new AwsError('ExpiredToken', 'The security token included in the request is expired', 403);
  return new AwsError('ExpiredTokenException', 'The security token included in the request is expired', service === 'lambda' ? 403 : 400);
}
