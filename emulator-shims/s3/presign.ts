/** Pure: whether a presigned URL (SigV4 `X-Amz-*` or SigV2 `Expires`) may still be used, as S3 decides it. */
import { AwsError } from '../shared/index.js';
import { accessDenied } from './errors.js';

const MAX_EXPIRES_SECONDS = 604_800;
// A presigned URL dated this far in the future is not valid yet.
const CLOCK_SKEW_MS = 15 * 60 * 1000;

const queryError = (message: string) => new AwsError('AuthorizationQueryParametersError', message, 400);

/** Throws S3's error for an expired or malformed presigned URL; does nothing for a request signed in its headers. */
export function checkPresigned(query: URLSearchParams, nowMs: number): void {
  if (query.has('X-Amz-Credential') || query.has('X-Amz-Signature')) {
    const date = query.get('X-Amz-Date');
    const expires = query.get('X-Amz-Expires');
    if (date === null || expires === null || !query.has('X-Amz-Signature') || !query.has('X-Amz-Credential')) {
      throw queryError('Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
    }
    const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
    const signedAt = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6])) : Number.NaN;
    if (!Number.isFinite(signedAt)) throw queryError('X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"');
    if (!/^\d{1,9}$/.test(expires)) throw queryError('X-Amz-Expires should be a number');
    if (Number(expires) > MAX_EXPIRES_SECONDS) throw queryError(`X-Amz-Expires must be less than a week (in seconds) that is; ${MAX_EXPIRES_SECONDS}`);
    if (signedAt > nowMs + CLOCK_SKEW_MS) throw accessDenied('Request is not valid yet');
    const expiresAt = signedAt + Number(expires) * 1000;
    if (nowMs > expiresAt) throw expired(expiresAt, nowMs, { 'X-Amz-Expires': expires });
    return;
  }
  const v2Expires = query.get('Expires');
  if (query.has('AWSAccessKeyId') && v2Expires !== null) {
    const expiresAt = /^\d{1,12}$/.test(v2Expires) ? Number(v2Expires) * 1000 : Number.NaN;
    if (!(expiresAt >= nowMs)) throw expired(expiresAt, nowMs, {});
  }
}

function expired(expiresAt: number, nowMs: number, fields: Record<string, string>): AwsError {
  const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : 'invalid');
  return accessDenied('Request has expired', { ...fields, Expires: iso(expiresAt), ServerTime: iso(nowMs) });
}
