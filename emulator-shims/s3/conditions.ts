/** Pure: conditional GET and HEAD (If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since) as RFC 9110 §13.2.2 orders them and S3 answers them. */
import { preconditionFailed } from './errors.js';

export interface ConditionHeaders {
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  ifUnmodifiedSince?: string;
}

/** What a read's conditions decide: answer the object, or 304 Not Modified; a failed precondition throws S3's 412. */
export type ConditionOutcome = 'proceed' | 'not-modified';

/**
 * 1. If-Match false → 412; 2. otherwise, without If-Match, If-Unmodified-Since false → 412;
 * 3. If-None-Match matching → 304; 4. otherwise, without If-None-Match, If-Modified-Since not modified → 304.
 * Hence If-Match true with If-Unmodified-Since false answers 200, and If-None-Match false with
 * If-Modified-Since true answers 304, as the S3 API reference says. Dates compare to the second.
 */
export function evaluateConditions(headers: ConditionHeaders, etag: string, lastModifiedMs: number): ConditionOutcome {
  const modifiedSeconds = Math.floor(lastModifiedMs / 1000);
  if (headers.ifMatch !== undefined) {
    if (!etagListMatches(headers.ifMatch, etag)) throw preconditionFailed('If-Match');
  } else if (headers.ifUnmodifiedSince !== undefined) {
    const since = httpDateSeconds(headers.ifUnmodifiedSince);
    if (since !== undefined && modifiedSeconds > since) throw preconditionFailed('If-Unmodified-Since');
  }
  if (headers.ifNoneMatch !== undefined) {
    if (etagListMatches(headers.ifNoneMatch, etag)) return 'not-modified';
  } else if (headers.ifModifiedSince !== undefined) {
    const since = httpDateSeconds(headers.ifModifiedSince);
    if (since !== undefined && modifiedSeconds <= since) return 'not-modified';
  }
  return 'proceed';
}

/** `*`, or a comma-separated list of entity tags (quoted or not, `W/` ignored) naming `etag`. */
export function etagListMatches(list: string, etag: string): boolean {
  return list.split(',').some((entry) => {
    const tag = entry.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
    return tag === '*' || tag === etag;
  });
}

function httpDateSeconds(text: string): number | undefined {
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}
