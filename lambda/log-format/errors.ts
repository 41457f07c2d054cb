/** A `log_format` string that cannot be turned into a parser; `format` is the string as given. */
export class LogFormatError extends Error {
  readonly format: string;

  constructor(message: string, format: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LogFormatError';
    this.format = format;
  }
}
