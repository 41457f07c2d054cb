import type { TransformConfig } from './environment.js';
import { transformRecords, type RecordFailure } from './transform-records.js';
import type { FirehoseTransformationEvent, FirehoseTransformationHandler } from './types.js';

/** Where the handler reports failed records; CloudWatch Logs on AWS. */
export type TransformLogger = (line: string) => void;

const FAILURES_LOGGED = 5;

const describeFailures = (event: FirehoseTransformationEvent, failures: RecordFailure[]): string =>
  JSON.stringify({
    message: `${failures.length} of ${event.records.length} records failed to parse`,
    invocationId: event.invocationId,
    failures: failures.slice(0, FAILURES_LOGGED),
  });

/**
 * A Firehose data-transformation handler for `config`. It logs one line per invocation with
 * failed records, since Firehose keeps the failed data but not the reason.
 */
export function createTransformHandler(config: TransformConfig, log: TransformLogger = console.warn): FirehoseTransformationHandler {
  return async (event) => {
    if (!Array.isArray(event?.records)) throw new TypeError('not a Firehose transformation event: "records" is not an array');
    const { records, failures } = transformRecords(config, event.records);
    if (failures.length > 0) log(describeFailures(event, failures));
    return { records };
  };
}
