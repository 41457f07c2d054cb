/** A bad agent option; `field` names it the way the user wrote it (e.g. `flows[0].kinesisStream`). */
export class AgentConfigError extends Error {
  readonly field: string;
  readonly value: unknown;

  constructor(field: string, problem: string, value: unknown, options?: { cause?: unknown }) {
    super(`invalid ${field}: ${problem} (got ${describeValue(value)})`, options);
    this.name = 'AgentConfigError';
    this.field = field;
    this.value = value;
  }
}

/** A file operation that failed while tailing; carries the path and what we were doing. */
export class AgentFileError extends Error {
  readonly path: string;
  readonly operation: string;

  constructor(operation: string, path: string, options: { cause: unknown }) {
    super(`${operation} ${path} failed: ${messageOf(options.cause)}`, options);
    this.name = 'AgentFileError';
    this.path = path;
    this.operation = operation;
  }
}

/** One failed PutRecords attempt; the agent logs it and retries, it never drops the batch. */
export class PutRecordsError extends Error {
  readonly stream: string;
  readonly attempt: number;
  readonly code: string;

  constructor(stream: string, attempt: number, code: string, options: { cause: unknown }) {
    super(`PutRecords to stream ${stream} failed on attempt ${attempt}: ${code}: ${messageOf(options.cause)}`, options);
    this.name = 'PutRecordsError';
    this.stream = stream;
    this.attempt = attempt;
    this.code = code;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
