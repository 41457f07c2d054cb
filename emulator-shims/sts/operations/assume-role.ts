import { AwsError, rootPrincipal, xmlElement } from '../../shared/index.js';
import { parseRoleArn } from '../sessions.js';
import type { StsOperation } from './context.js';

const SESSION_NAME = /^[\w+=,.@-]*$/;
const DEFAULT_DURATION_SECONDS = 3600;

/**
 * Temporary credentials for a role, issued by the endpoint and mapped back to the session when they
 * sign a request. With the endpoint's IAM given (`trust`), the role must exist and trust the caller, and
 * the duration stay within its MaxSessionDuration.
 */
export const assumeRole: StsOperation = async ({ params, sessions, call, trust }) => {
  const roleArn = params.get('RoleArn');
  const sessionName = params.get('RoleSessionName');
  const durationText = params.get('DurationSeconds');
  const problems: string[] = [];
  const show = (value: string | undefined) => (value === undefined ? 'null' : `'${value.slice(0, 256)}'`);
  if (roleArn === undefined) problems.push(`Value null at 'roleArn' failed to satisfy constraint: Member must not be null`);
  else if (roleArn.length < 20) problems.push(`Value ${show(roleArn)} at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20`);
  else if (roleArn.length > 2048) problems.push(`Value ${show(roleArn)} at 'roleArn' failed to satisfy constraint: Member must have length less than or equal to 2048`);
  if (sessionName === undefined) problems.push(`Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null`);
  else if (sessionName.length < 2) problems.push(`Value ${show(sessionName)} at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2`);
  else if (sessionName.length > 64) problems.push(`Value ${show(sessionName)} at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`);
  else if (!SESSION_NAME.test(sessionName)) problems.push(`Value ${show(sessionName)} at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
  const duration = durationText === undefined ? DEFAULT_DURATION_SECONDS : Number(durationText);
  if (!Number.isInteger(duration)) problems.push(`Value ${show(durationText)} at 'durationSeconds' failed to satisfy constraint: Member must be an integer`);
  else if (duration < 900) problems.push(`Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`);
  else if (duration > 43_200) problems.push(`Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200`);
  if (problems.length > 0) {
    throw new AwsError('ValidationError', `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: ${problems.join('; ')}`, 400);
  }
  if (parseRoleArn(roleArn!) === undefined) throw new AwsError('ValidationError', `${roleArn!.slice(0, 256)} is invalid`, 400);
  if (trust !== undefined) {
    const caller = call.principal ?? rootPrincipal(call.scope.accountId);
    // A role that does not exist is refused like one that does not trust the caller: STS does not tell them apart.
    if (!(await trust.callerCanAssume(roleArn!, caller))) {
      throw new AwsError('AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn!}`, 403);
    }
    const longest = trust.maxSessionDuration(roleArn!);
    if (longest !== undefined && duration > longest) {
      throw new AwsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400);
    }
  }
  const session = sessions.issue({ roleArn: roleArn!, sessionName: sessionName!, durationSeconds: duration, issuer: 'sts' });
  const expiration = new Date(session.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const credentials = xmlElement('AccessKeyId', session.accessKeyId) + xmlElement('SecretAccessKey', session.secretAccessKey)
    + xmlElement('SessionToken', session.sessionToken) + xmlElement('Expiration', expiration);
  const user = xmlElement('AssumedRoleId', `${session.roleId}:${session.sessionName}`) + xmlElement('Arn', session.assumedRoleArn);
  return `<Credentials>${credentials}</Credentials><AssumedRoleUser>${user}</AssumedRoleUser>`;
};
