import { AwsError } from '../shared/index.js';

/** IAM's error codes and wording (IAM answers `ValidationError`, not `ValidationException`). */
export const noSuchRole = (name: string) => new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
export const roleExists = (name: string) => new AwsError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409);
export const noSuchRolePolicy = (policy: string) => new AwsError('NoSuchEntity', `The role policy with name ${policy} cannot be found.`, 404);
export const notAttached = (arn: string) => new AwsError('NoSuchEntity', `Policy ${arn} was not found.`, 404);
export const malformedPolicy = (message: string) => new AwsError('MalformedPolicyDocument', message, 400);
export const limitExceeded = (message: string) => new AwsError('LimitExceeded', message, 409);

/** IAM's default quotas that bound what one account holds. */
export const QUOTAS = { rolesPerAccount: 1000, policiesPerRole: 10, trustPolicySize: 2048, inlinePolicySizePerRole: 10_240 } as const;

export function validationError(problems: string[]): AwsError {
  const noun = problems.length === 1 ? 'validation error' : 'validation errors';
  return new AwsError('ValidationError', `${problems.length} ${noun} detected: ${problems.join('; ')}`, 400);
}
