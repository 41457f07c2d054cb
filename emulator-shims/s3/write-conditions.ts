import { notImplemented } from './errors.js';
import type { S3Call } from './operation.js';
import type { WriteConditions } from './store.js';

/** Pure: the conditional-write headers of a PutObject or CompleteMultipartUpload; S3 takes only `If-None-Match: *`. */
export function writeConditions(call: Pick<S3Call, 'header'>): WriteConditions {
  const ifNoneMatch = call.header('if-none-match');
  const ifMatch = call.header('if-match');
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') throw notImplemented('If-None-Match');
  return { ...(ifNoneMatch !== undefined ? { ifNoneMatch } : {}), ...(ifMatch !== undefined ? { ifMatch } : {}) };
}
