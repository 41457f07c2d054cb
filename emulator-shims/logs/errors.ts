import { AwsError } from '../shared/index.js';

/** CloudWatch Logs' errors, with its wording where it is known. */
export const resourceNotFound = (message: string) => new AwsError('ResourceNotFoundException', message);
export const resourceAlreadyExists = (message: string) => new AwsError('ResourceAlreadyExistsException', message);
export const invalidParameter = (message: string) => new AwsError('InvalidParameterException', message);
export const serializationError = (message: string) => new AwsError('SerializationException', message);

export const GROUP_NOT_FOUND = 'The specified log group does not exist.';
export const STREAM_NOT_FOUND = 'The specified log stream does not exist.';
/** UNCONFIRMED wording: the answer to a paging token this store did not hand out. */
export const INVALID_TOKEN = 'The specified nextToken is invalid.';

/** The retention periods CloudWatch Logs accepts, in days. */
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
