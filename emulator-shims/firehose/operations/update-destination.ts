import type { ExtendedS3DestinationUpdate, UpdateDestinationInput, UpdateDestinationOutput } from '@aws-sdk/client-firehose';
import { defineOperation, requireStream, STREAM_NAME } from '../context.js';
import { checkRoles, rolesOf } from '../roles.js';
import { checkDestination, checkUpdateTransitions, DESTINATION_ID, mergeExtendedS3Update } from '../destination.js';
import { extendedS3Table } from '../destination-rules.js';
import { concurrentModification, invalidArgument, resourceInUse } from '../errors.js';

export const updateDestination = defineOperation<UpdateDestinationInput, UpdateDestinationOutput>({
  name: 'UpdateDestination',
  table: {
    DeliveryStreamName: STREAM_NAME,
    CurrentDeliveryStreamVersionId: { required: true, type: 'string', length: [1, 50], pattern: '[0-9]+' },
    DestinationId: { required: true, type: 'string', length: [1, 100], pattern: '[a-zA-Z0-9-]+' },
    ...extendedS3Table('ExtendedS3DestinationUpdate', false),
  },
  async run(input, context) {
    const stream = requireStream(context, input.DeliveryStreamName as string);
    const updates = Object.keys(input).filter((key) => key.endsWith('DestinationUpdate'));
    if (updates.length !== 1 || updates[0] !== 'ExtendedS3DestinationUpdate') {
      throw invalidArgument(updates.length !== 1
        ? 'Exactly one destination update is supported for a Firehose'
        : `hosepipe emulates only ExtendedS3DestinationUpdate, not ${updates[0]}; see docs/fidelity.md.`);
    }
    if (stream.status !== 'ACTIVE') throw resourceInUse(`Firehose ${stream.name} under account ${stream.accountId} is not in ACTIVE state.`);
    if (input.CurrentDeliveryStreamVersionId !== String(stream.versionId)) {
      // UNCONFIRMED wording (moto's).
      throw concurrentModification(`Cannot update firehose: ${stream.name} since the current version id: ${stream.versionId} and specified version id: ${input.CurrentDeliveryStreamVersionId} do not match`);
    }
    if (input.DestinationId !== DESTINATION_ID) throw invalidArgument(`Destination Id ${input.DestinationId} not found.`);
    const next = mergeExtendedS3Update(stream.destination, input.ExtendedS3DestinationUpdate as ExtendedS3DestinationUpdate);
    checkUpdateTransitions(stream.destination, next);
    checkDestination(next);
    await checkRoles(context.roles, context.scope, stream.arn, rolesOf(next));
    stream.destination = next;
    stream.versionId += 1;
    stream.lastUpdateTimestamp = context.clock.now();
    context.store.save(stream);
    context.engines.reconfigure(stream);
    return {};
  },
});
