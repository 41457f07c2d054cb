/**
 * An error answered to an AWS client. Operations throw these; only the HTTP layer writes them.
 * `code` is the shape name (`__type` in JSON protocols, `Code` in XML ones).
 */
export class AwsError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly fields: Record<string, unknown>;

  constructor(code: string, message: string, statusCode = 400, fields: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = code;
    this.code = code;
    this.statusCode = statusCode;
    this.fields = fields;
  }

  toJSON(): Record<string, unknown> {
    return { __type: this.code, message: this.message, ...this.fields };
  }
}

/** `ValidationException` with AWS's "N validation error(s) detected: ..." wording. */
export function validationError(problems: string[]): AwsError {
  const count = problems.length;
  const noun = count === 1 ? 'validation error' : 'validation errors';
  return new AwsError('ValidationException', `${count} ${noun} detected: ${problems.join('; ')}`);
}
