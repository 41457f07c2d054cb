import { ask, member, partitionOf, type RequestMapper } from './request-line.js';

// Actions that take no resource (the Service Authorization Reference lists none for them).
const ACCOUNT_LEVEL = new Set(['ListStreams', 'DescribeLimits', 'DescribeAccountSettings', 'UpdateAccountSettings']);
const CONSUMER_LEVEL = new Set(['DescribeStreamConsumer', 'DeregisterStreamConsumer', 'SubscribeToShard']);

/**
 * Kinesis operations → `kinesis:<Operation>` on the stream (`arn:aws:kinesis:<region>:<account>:stream/<name>`),
 * named by StreamName or StreamARN; the account-level ones on `*`. GetRecords names no stream (only an
 * iterator): its stream comes from `iteratorStream`, when the store can say.
 */
export function kinesisRequests(iteratorStream: (iterator: string) => string | undefined): RequestMapper {
  return ({ operation, body, scope }) => {
    const action = `kinesis:${operation}`;
    if (ACCOUNT_LEVEL.has(operation)) return [ask(action, '*', scope)];
    if (CONSUMER_LEVEL.has(operation)) {
      const consumer = member(body, 'ConsumerARN');
      return consumer ? [ask(action, consumer, scope)] : undefined;
    }
    if (operation === 'GetRecords') {
      const iterator = member(body, 'ShardIterator');
      const stream = iterator === undefined ? undefined : iteratorStream(iterator);
      return stream ? [ask(action, stream, scope)] : undefined;
    }
    const arn = member(body, 'StreamARN');
    if (arn) return [ask(action, arn, scope)];
    const name = member(body, 'StreamName');
    if (name === undefined) return undefined;
    return [ask(action, `arn:${partitionOf(scope.region)}:kinesis:${scope.region}:${scope.accountId}:stream/${name}`, scope)];
  };
}
