import { ask, member, partitionOf, type RequestMapper } from './request-line.js';

/** Firehose operations → `firehose:<Operation>` on `arn:aws:firehose:<region>:<account>:deliverystream/<name>`; ListDeliveryStreams on `*`. */
export const firehoseRequests: RequestMapper = ({ operation, body, scope }) => {
  const action = `firehose:${operation}`;
  if (operation === 'ListDeliveryStreams') return [ask(action, '*', scope)];
  const name = member(body, 'DeliveryStreamName');
  if (name === undefined) return undefined;
  return [ask(action, `arn:${partitionOf(scope.region)}:firehose:${scope.region}:${scope.accountId}:deliverystream/${name}`, scope)];
};
