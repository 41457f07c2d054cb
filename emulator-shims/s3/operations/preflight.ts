import { AwsError } from '../../shared/index.js';
import { corsHeaders, matchCorsRule, parseCors } from '../settings/cors.js';
import type { S3Operation } from '../operation.js';
import { bucketNameProblem } from '../validation.js';

const forbidden = (message: string) => new AwsError('AccessForbidden', message, 403, { Method: 'OPTIONS', ResourceType: 'BUCKET' });

/**
 * A browser's CORS preflight (`OPTIONS` with Origin and Access-Control-Request-Method): answered
 * from the bucket's CORS configuration as S3 answers it; refused (403) without one or without a rule
 * allowing the origin, method and headers.
 */
export const preflight: S3Operation = (call) => {
  const origin = call.header('origin');
  const method = call.header('access-control-request-method');
  if (origin === undefined) throw new AwsError('BadRequest', 'Insufficient information. Origin request header needed.', 400);
  if (method === undefined) throw new AwsError('BadRequest', 'Invalid Access-Control-Request-Method: null', 400);
  const name = call.bucket ?? '';
  const bucket = bucketNameProblem(name) === undefined ? call.store.findBucket(name) : undefined;
  if (!bucket) throw forbidden('CORSResponse: Bucket not found');
  const document = bucket.record.settings.cors;
  if (document === undefined) throw forbidden('CORSResponse: CORS is not enabled for this bucket.');
  const requested = (call.header('access-control-request-headers') ?? '').split(',').map((header) => header.trim()).filter(Boolean);
  const rule = matchCorsRule(parseCors(document), origin, method, requested);
  if (!rule) throw forbidden('CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource\'s CORS spec.');
  return { headers: corsHeaders(rule, origin, requested, true) };
};
