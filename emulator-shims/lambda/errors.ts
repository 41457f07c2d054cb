import { AwsError } from '../shared/index.js';

/**
 * A Lambda API error. Lambda speaks REST-JSON: the code travels in `x-amzn-ErrorType`, the body is
 * `{Type, message}`, except for the shapes whose model spells the member `Message`.
 */
export class LambdaError extends AwsError {
  readonly messageKey: 'message' | 'Message';

  constructor(code: string, message: string, statusCode: number, messageKey: 'message' | 'Message' = 'message', options?: { cause?: unknown }) {
    super(code, message, statusCode, {}, options);
    this.messageKey = messageKey;
  }

  override toJSON(): Record<string, unknown> {
    return { Type: 'User', [this.messageKey]: this.message };
  }
}

/** An unknown function; Lambda names the ARN it looked for. */
export function functionNotFound(functionArn: string): LambdaError {
  return new LambdaError('ResourceNotFoundException', `Function not found: ${functionArn}`, 404, 'Message');
}

export function functionAlreadyExists(functionName: string): LambdaError {
  return new LambdaError('ResourceConflictException', `Function already exist: ${functionName}`, 409);
}

export function invalidParameterValue(message: string, cause?: unknown): LambdaError {
  return new LambdaError('InvalidParameterValueException', message, 400, 'message', cause === undefined ? undefined : { cause });
}

/** Lambda's "N validation error(s) detected: ..." answer, with its own body shape. */
export function lambdaValidationError(problems: string[]): LambdaError {
  const noun = problems.length === 1 ? 'validation error' : 'validation errors';
  return new LambdaError('ValidationException', `${problems.length} ${noun} detected: ${problems.join('; ')}`, 400);
}

/**
 * A request body over an operation's limit. Real Lambda answers this from its front door with the
 * unmodelled code `RequestEntityTooLargeException`, so SDK v3 surfaces `error.name` with that code.
 */
export function requestEntityTooLarge(limitBytes: number, operation: string): LambdaError {
  return new LambdaError('RequestEntityTooLargeException', `Request must be smaller than ${limitBytes} bytes for the ${operation} operation`, 413);
}

export function eventPayloadTooLarge(sizeBytes: number, limitBytes: number): LambdaError {
  return new LambdaError(
    'RequestEntityTooLargeException',
    `${sizeBytes} byte payload is too large for the Event invocation type (limit ${limitBytes} bytes)`,
    413,
  );
}

export function unknownOperation(method: string, path: string): LambdaError {
  return new LambdaError('UnknownOperationException', `Unknown operation ${method} ${path}`, 404);
}

/** A write whose RevisionId no longer matches the function. */
export function preconditionFailed(): LambdaError {
  return new LambdaError('PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id', 412);
}

/** CreateFunction / UpdateFunctionConfiguration with a role whose trust policy does not name `lambda.amazonaws.com` (or no such role). */
export function roleCannotBeAssumed(): LambdaError {
  return invalidParameterValue('The role defined for the function cannot be assumed by Lambda.');
}
