import { LambdaError } from '../errors.js';

/** Parses a JSON request body; a body that is not a JSON object is Lambda's InvalidRequestContentException. */
export function parseJsonBody<T>(body: Buffer): T {
  if (body.length === 0) return {} as T;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as T;
  } catch (error) {
    throw new LambdaError('InvalidRequestContentException', 'Could not parse request body into json: Could not parse payload into json', 400, 'message', { cause: error });
  }
  throw new LambdaError('InvalidRequestContentException', 'Could not parse request body into json: Could not parse payload into json', 400);
}
