/**
 * Kinesis's AWS errors, built in one place with Kinesis's wording where it is known (most of it as
 * kinesalite recorded it from the service); wording hosepipe had to choose is marked UNCONFIRMED.
 */
import { AwsError } from '../shared/index.js';

export const invalidArgument = (message: string): AwsError => new AwsError('InvalidArgumentException', message);
export const limitExceeded = (message: string): AwsError => new AwsError('LimitExceededException', message);
export const resourceInUse = (message: string): AwsError => new AwsError('ResourceInUseException', message);

export const streamNotFound = (stream: string, accountId: string): AwsError =>
  new AwsError('ResourceNotFoundException', `Stream ${stream} under account ${accountId} not found.`);

export const streamExists = (stream: string, accountId: string): AwsError => resourceInUse(`Stream ${stream} under account ${accountId} already exists.`);

export const streamNotActive = (stream: string, accountId: string, status: string): AwsError =>
  resourceInUse(`Stream ${stream} under account ${accountId} not ACTIVE, instead in state ${status}`);

/** A shard named by GetShardIterator or GetRecords that the stream does not have. */
export const shardNotFound = (shardId: string, stream: string, accountId: string): AwsError =>
  new AwsError('ResourceNotFoundException', `Shard ${shardId} in stream ${stream} under account ${accountId} does not exist`);

/** A shard named by SplitShard or MergeShards that the stream does not have. */
export const couldNotFindShard = (shardId: string, stream: string, accountId: string): AwsError =>
  new AwsError('ResourceNotFoundException', `Could not find shard ${shardId} in stream ${stream} under account ${accountId}.`);

export const invalidShardIterator = (): AwsError => invalidArgument('Invalid ShardIterator.');

/** Kinesis's time format in iterator messages: `Thu Jan 22 01:22:02 UTC 2015`. */
function amzUtc(epochMs: number): string {
  const [weekday, day, month, year, time] = new Date(epochMs).toUTCString().replace(',', '').split(' ');
  return `${weekday} ${month} ${day} ${time} UTC ${year}`;
}

export const expiredIterator = (issuedMs: number, nowMs: number, lifetimeMs: number): AwsError => new AwsError(
  'ExpiredIteratorException',
  `Iterator expired. The iterator was created at time ${amzUtc(issuedMs)} while right now it is ${amzUtc(nowMs)} which is further in the future than the tolerated delay of ${lifetimeMs} milliseconds.`,
);

/** UNCONFIRMED wording: the token is opaque and its expiry message is not documented. */
export const expiredNextToken = (): AwsError =>
  new AwsError('ExpiredNextTokenException', 'The timestamp of the last element of the NextToken is too old. NextToken expires after 300 seconds.');

export const invalidNextToken = (): AwsError => invalidArgument('Invalid NextToken.');

export const writeThrottled = (shardId: string, stream: string, accountId: string): AwsError =>
  new AwsError('ProvisionedThroughputExceededException', writeThrottledMessage(shardId, stream, accountId));

export const writeThrottledMessage = (shardId: string, stream: string, accountId: string): string =>
  `Rate exceeded for shard ${shardId} in stream ${stream} under account ${accountId}.`;

export const readThrottled = (shardId: string, stream: string, accountId: string): AwsError =>
  new AwsError('ProvisionedThroughputExceededException', `Rate exceeded for Shard - ${accountId}/${stream}/${shardId}`);

/**
 * A StreamARN of another account. UNCONFIRMED wording: IAM's usual denial for a cross-account call
 * that no resource policy allows (hosepipe keeps no Kinesis resource policies).
 */
export const crossAccountDenied = (operation: string, arn: string, callerArn: string): AwsError => new AwsError(
  'AccessDeniedException',
  `User: ${callerArn} is not authorized to perform: kinesis:${operation} on resource: ${arn} because no resource-based policy allows the kinesis:${operation} action`,
);

/** UNCONFIRMED wording: a request that names a stream both ways, differently. */
export const nameArnMismatch = (name: string, arn: string): AwsError =>
  invalidArgument(`StreamARN ${arn} and StreamName ${name} do not refer to the same stream.`);

/** UNCONFIRMED wording: a request that names no stream at all. */
export const noStreamGiven = (): AwsError => invalidArgument('Either StreamName or StreamARN should be provided.');

export const unknownOperation = (): AwsError => new AwsError('UnknownOperationException', '');

export const requestTooLarge = (limitBytes: number): AwsError =>
  new AwsError('RequestEntityTooLargeException', `Request must be smaller than ${limitBytes} bytes`, 413);
