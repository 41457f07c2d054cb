/** Error output records (reference §7): one JSON object per line, in the member order of captured objects. Pure. */

export interface ErrorRecordInput {
  rawData: Buffer;
  errorCode: string;
  errorMessage: string;
  attemptsMade: number;
  arrivalTimestamp: number;
  attemptEndingTimestamp: number;
  lambdaArn?: string;
}

/** UNCONFIRMED (§15.4): captured objects spell the key `lambdaARN`; the docs spell it `lambdaArn`. */
export const LAMBDA_ARN_KEY = 'lambdaARN';

/** One NDJSON line, newline-terminated. */
export function formatErrorRecord(input: ErrorRecordInput): string {
  const record: Record<string, unknown> = {
    rawData: input.rawData.toString('base64'),
    errorCode: input.errorCode,
    errorMessage: input.errorMessage,
    attemptsMade: input.attemptsMade,
    arrivalTimestamp: Math.trunc(input.arrivalTimestamp),
    attemptEndingTimestamp: Math.trunc(input.attemptEndingTimestamp),
  };
  if (input.lambdaArn !== undefined) record[LAMBDA_ARN_KEY] = input.lambdaArn;
  return `${JSON.stringify(record)}\n`;
}
