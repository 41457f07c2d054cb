/** S3's errors, in S3's words (REST-XML `<Error><Code>`), built in one place; only service.ts writes them. */
import { AwsError } from '../shared/index.js';

export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_OBJECT_BYTES = 5 * 1024 * 1024 * 1024;
export const MAX_KEY_BYTES = 1024;

export const noSuchBucket = (bucket: string) => new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });
export const noSuchKey = (key: string) => new AwsError('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
export const noSuchUpload = (uploadId: string) =>
  new AwsError('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', 404, { UploadId: uploadId.slice(0, 256) });
export const invalidBucketName = (bucket: string) => new AwsError('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: bucket.slice(0, 256) });
export const keyTooLong = (size: number) => new AwsError('KeyTooLongError', 'Your key is too long', 400, { Size: size, MaxSizeAllowed: MAX_KEY_BYTES });
export const invalidUri = (uri: string) => new AwsError('InvalidURI', "Couldn't parse the specified URI.", 400, { URI: uri.slice(0, 2048) });
export const invalidArgument = (message: string, name: string, value: string) =>
  new AwsError('InvalidArgument', message, 400, { ArgumentName: name, ArgumentValue: value.slice(0, 256) });
export const invalidRequest = (message: string) => new AwsError('InvalidRequest', message, 400);
export const malformedXml = () =>
  new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
export const malformedPolicy = (message: string) => new AwsError('MalformedPolicy', message, 400);
export const invalidTag = (message: string) => new AwsError('InvalidTag', message, 400);
export const accessDenied = (message = 'Access Denied', fields: Record<string, unknown> = {}) => new AwsError('AccessDenied', message, 403, fields);
export const methodNotAllowed = (method: string, resourceType: string) =>
  new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { Method: method, ResourceType: resourceType });
export const notImplemented = (header: string) =>
  new AwsError('NotImplemented', 'A header you provided implies functionality that is not implemented', 501, { Header: header });
export const missingContentLength = () => new AwsError('MissingContentLength', 'You must provide the Content-Length HTTP header.', 411);
export const entityTooLarge = (size: number, max = MAX_OBJECT_BYTES) =>
  new AwsError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, { ProposedSize: size, MaxSizeAllowed: max });
export const entityTooSmall = (size: number, partNumber: number, etag: string) =>
  new AwsError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', 400, {
    ProposedSize: size, MinSizeAllowed: MIN_PART_BYTES, PartNumber: partNumber, ETag: etag,
  });
export const invalidPart = (uploadId: string, partNumber: number, etag?: string) =>
  new AwsError('InvalidPart', "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", 400, {
    UploadId: uploadId, PartNumber: partNumber, ...(etag !== undefined ? { ETag: etag.slice(0, 128) } : {}),
  });
export const invalidPartOrder = (uploadId: string) =>
  new AwsError('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', 400, { UploadId: uploadId });
export const invalidRange = (range: string, size: number) =>
  new AwsError('InvalidRange', 'The requested range is not satisfiable', 416, { RangeRequested: range.slice(0, 256), ActualObjectSize: size });
export const preconditionFailed = (condition: string) =>
  new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: condition });
export const bucketAlreadyExists = (bucket: string) =>
  new AwsError('BucketAlreadyExists', 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.', 409, { BucketName: bucket });
export const bucketAlreadyOwnedByYou = (bucket: string) =>
  new AwsError('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409, { BucketName: bucket });
export const bucketNotEmpty = (bucket: string) => new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: bucket });
export const illegalLocationConstraint = (constraint: string | undefined) =>
  new AwsError('IllegalLocationConstraintException', `The ${constraint ?? 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`, 400);
export const invalidLocationConstraint = (constraint: string) =>
  new AwsError('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, { LocationConstraint: constraint.slice(0, 64) });
export const internalError = (cause: unknown) =>
  new AwsError('InternalError', 'We encountered an internal error. Please try again.', 500, {}, { cause });
