/** An environment variable of the transform function holds a value it cannot use; thrown at module load. */
export class TransformConfigError extends Error {
  readonly variable: string;
  readonly value: string;

  constructor(variable: string, value: string, problem: string, options?: { cause?: unknown }) {
    super(`${variable}=${JSON.stringify(value)}: ${problem}`, options);
    this.name = 'TransformConfigError';
    this.variable = variable;
    this.value = value;
  }
}
