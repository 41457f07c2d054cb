import { AwsError } from '../shared/index.js';

export const resourceNotFound = (message: string) => new AwsError('ResourceNotFoundException', message);
export const resourceAlreadyExists = (message: string) => new AwsError('ResourceAlreadyExistsException', message);
export const invalidParameter = (message: string) => new AwsError('InvalidParameterException', message);

/** Log group names: 1-512 of [.\-_/#A-Za-z0-9]. */
export function checkLogGroupName(name: unknown, member = 'logGroupName'): string {
  if (typeof name !== 'string' || !/^[.\-_/#A-Za-z0-9]{1,512}$/.test(name)) {
    throw new AwsError('InvalidParameterException', `1 validation error detected: Value '${String(name)}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`);
  }
  return name;
}

export function checkLogStreamName(name: unknown): string {
  if (typeof name !== 'string' || name.length < 1 || name.length > 512 || /[:*]/.test(name)) {
    throw new AwsError('InvalidParameterException', `1 validation error detected: Value '${String(name)}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*`);
  }
  return name;
}

/** The retention periods CloudWatch Logs accepts, in days. */
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
