import { setTimeout as sleep } from 'node:timers/promises';
import type { PutObject } from '../firehose/index.js';
import { s3Requests } from '../iam/index.js';
import type { S3Service } from '../s3/index.js';
import type { RoleAccess, Scope } from '../shared/index.js';
import { FIREHOSE_SESSION_NAME } from './clients.js';
import type { FaultRules } from './faults.js';
import type { CountError } from './local-kinesis.js';

const NO_QUERY = new URLSearchParams();

/**
 * Firehose's PutObject when the S3 service is this endpoint's own: the object is written in-process to
 * the store, after the same fault rules and the same IAM evaluation (as the destination's role, on
 * `arn:aws:s3:::<bucket>/<key>`, with the bucket's policy and the request's S3 condition keys) that a
 * call over HTTP meets. Over loopback HTTP every object cost the SDK's signing (a SHA-256 of the whole
 * body), both ends of an HTTP exchange and a copy of the body through a socket, on the same thread.
 */
export function writeLocalS3(s3: S3Service, faults: FaultRules, roles: RoleAccess, countError: CountError): (scope: Scope, roleArn?: string) => PutObject {
  return (scope, roleArn) => {
    const principal = roles.enforce && roleArn !== undefined ? roles.sessionPrincipal(roleArn, FIREHOSE_SESSION_NAME) : undefined;
    return async (input) => {
      try {
        const decision = faults.covers('s3') ? faults.decide('s3', 'PutObject') : undefined;
        if (decision !== undefined) {
          if (decision.latencyMs > 0) await sleep(decision.latencyMs);
          if (decision.error) throw decision.error;
        }
        if (principal !== undefined) {
          // The headers an SDK's PutObject of the same object sends that S3 offers as condition keys.
          const headers = { 'content-type': input.ContentType, ...(input.ContentEncoding ? { 'content-encoding': input.ContentEncoding } : {}) };
          const asked = s3Requests({ operation: 'PutObject', bucket: input.Bucket, key: input.Key, path: `/${input.Bucket}/${input.Key}`, query: NO_QUERY, headers, scope }) ?? [];
          const policy = s3.bucketPolicy(input.Bucket);
          for (const request of asked) await roles.check(principal, policy === undefined ? request : { ...request, resourcePolicy: policy }, 's3');
        }
        await s3.objects.putObject(scope, input);
      } catch (error) {
        // Counted as the edge counts S3's answers over HTTP: by status, since S3's XML errors carry no code header.
        countError(scope, 's3', 'PutObject', `HTTP ${(error as { statusCode?: number } | undefined)?.statusCode ?? 500}`);
        throw error;
      }
    };
  };
}
