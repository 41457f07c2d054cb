import type { ExtendedS3DestinationConfiguration } from '@aws-sdk/client-firehose';
import type { RoleAccess, Scope } from '../shared/index.js';
import { invalidArgument } from './errors.js';

/** Pure: every role a delivery stream acts as: the source's, the destination's, the backup's, and a Lambda processor's own. */
export function rolesOf(destination: Partial<ExtendedS3DestinationConfiguration>, sourceRole?: string): string[] {
  const roles = new Set<string>();
  if (sourceRole) roles.add(sourceRole);
  if (destination.RoleARN) roles.add(destination.RoleARN);
  if (destination.S3BackupConfiguration?.RoleARN) roles.add(destination.S3BackupConfiguration.RoleARN);
  for (const processor of destination.ProcessingConfiguration?.Processors ?? []) {
    for (const parameter of processor.Parameters ?? []) if (parameter.ParameterName === 'RoleArn' && parameter.ParameterValue) roles.add(parameter.ParameterValue);
  }
  return [...roles];
}

/**
 * Refuses a delivery stream whose roles Firehose could not assume, as CreateDeliveryStream and
 * UpdateDestination do: each must exist and trust `firehose.amazonaws.com`, with the keys Firehose sets
 * when it assumes a role (`sts:ExternalId` = the account, `aws:SourceAccount`, `aws:SourceArn` = the stream).
 */
export async function checkRoles(roles: RoleAccess | undefined, scope: Scope, streamArn: string, arns: readonly string[]): Promise<void> {
  if (!roles?.enforce) return;
  const context = { 'sts:ExternalId': scope.accountId, 'aws:SourceAccount': scope.accountId, 'aws:SourceArn': streamArn };
  for (const arn of arns) {
    if (!(await roles.serviceCanAssume(arn, 'firehose.amazonaws.com', context))) {
      throw invalidArgument(`Firehose is unable to assume role ${arn}. Please check the role provided.`);
    }
  }
}
