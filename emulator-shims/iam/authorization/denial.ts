import { AwsError } from '../../shared/index.js';
import type { DenialReason } from './evaluate.js';

/** Pure: the reason clause of AWS's AccessDenied messages. */
export function reasonText(reason: DenialReason, action: string): string {
  switch (reason) {
    case 'implicit-identity':
      return `because no identity-based policy allows the ${action} action`;
    case 'implicit-resource':
      return `because no resource-based policy allows the ${action} action`;
    case 'explicit-identity':
      return 'with an explicit deny in an identity-based policy';
    case 'explicit-resource':
      return 'with an explicit deny in a resource-based policy';
  }
}

/**
 * Pure: the AccessDenied a service answers for a refused call, in its own code, status and wording:
 * `User: <caller> is not authorized to perform: <action> on resource: <arn> because …`. S3 quotes the
 * resource; the JSON services (Kinesis, Firehose, CloudWatch Logs) answer 400 AccessDeniedException,
 * Lambda 403 AccessDeniedException, S3 and the query services (IAM, STS) 403 AccessDenied.
 */
export function accessDenied(service: string, caller: string, action: string, resource: string, reason: DenialReason): AwsError {
  const shown = service === 's3' ? `"${resource}"` : resource;
  const onResource = resource === '*' ? '' : ` on resource: ${shown}`;
  const message = `User: ${caller} is not authorized to perform: ${action}${onResource} ${reasonText(reason, action)}`;
  switch (service) {
    case 's3':
    case 'iam':
    case 'sts':
      return new AwsError('AccessDenied', message, 403);
    case 'lambda':
      return new AwsError('AccessDeniedException', message, 403);
    default:
      return new AwsError('AccessDeniedException', message, 400);
  }
}
