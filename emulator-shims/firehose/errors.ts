/** Firehose's AWS errors, built in one place with AWS's wording where it is known (reference §1–2). */
import { AwsError } from '../shared/index.js';

/** `Firehose <name> under account <id> not found.` [OBS: steampipe-plugin-aws #759]. */
export function resourceNotFound(name: string, accountId: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Firehose ${name} under account ${accountId} not found.`);
}

/** UNCONFIRMED wording (moto/LocalStack use this form). */
export function alreadyExists(name: string, accountId: string): AwsError {
  return new AwsError('ResourceInUseException', `Firehose ${name} under accountId ${accountId} already exists`);
}

export function resourceInUse(message: string): AwsError {
  return new AwsError('ResourceInUseException', message);
}

export function invalidArgument(message: string): AwsError {
  return new AwsError('InvalidArgumentException', message);
}

export function limitExceeded(message: string): AwsError {
  return new AwsError('LimitExceededException', message);
}

export function concurrentModification(message: string): AwsError {
  return new AwsError('ConcurrentModificationException', message);
}

export function serializationError(message: string): AwsError {
  return new AwsError('SerializationException', message);
}

export function unknownOperation(target: string): AwsError {
  return new AwsError('UnknownOperationException', `Operation ${target} is not supported.`);
}

/** [OBS: aws-cli #7010]. */
export const NOT_PERMITTED_ON_KINESIS_SOURCE = 'This operation is not permitted on KinesisStreamAsSource delivery stream type.';
