import type { CreateDeliveryStreamInput, CreateDeliveryStreamOutput, ExtendedS3DestinationConfiguration } from '@aws-sdk/client-firehose';
import { defineOperation, STREAM_NAME } from '../context.js';
import { checkRoles, rolesOf } from '../roles.js';
import { checkDestination } from '../destination.js';
import { extendedS3Table } from '../destination-rules.js';
import { alreadyExists, invalidArgument, limitExceeded } from '../errors.js';
import type { StoredStream } from '../store.js';
import { tagRules } from './tag-rules.js';

/** Default quota: 50 delivery streams per region [DG:limits]. */
export const MAX_DELIVERY_STREAMS_PER_REGION = 50;
const DESTINATION_MEMBERS = [
  'S3DestinationConfiguration', 'ExtendedS3DestinationConfiguration', 'RedshiftDestinationConfiguration',
  'ElasticsearchDestinationConfiguration', 'AmazonopensearchserviceDestinationConfiguration', 'SplunkDestinationConfiguration',
  'HttpEndpointDestinationConfiguration', 'AmazonOpenSearchServerlessDestinationConfiguration', 'SnowflakeDestinationConfiguration',
  'IcebergDestinationConfiguration',
] as const;
const KINESIS_STREAM_ARN = 'arn:.*:kinesis:[a-zA-Z0-9\\-]+:\\d{12}:stream/[a-zA-Z0-9_.-]+';

export const createDeliveryStream = defineOperation<CreateDeliveryStreamInput, CreateDeliveryStreamOutput>({
  name: 'CreateDeliveryStream',
  table: {
    DeliveryStreamName: STREAM_NAME,
    DeliveryStreamType: { type: 'string', enum: ['DirectPut', 'KinesisStreamAsSource', 'MSKAsSource', 'DatabaseAsSource'] },
    'KinesisStreamSourceConfiguration.KinesisStreamARN': { required: true, type: 'string', length: [1, 512], pattern: KINESIS_STREAM_ARN },
    'KinesisStreamSourceConfiguration.RoleARN': { required: true, type: 'string', length: [1, 512], pattern: 'arn:.*:iam::\\d{12}:role/[a-zA-Z_0-9+=,.@\\-_/]+' },
    'DirectPutSourceConfiguration.ThroughputHintInMBs': { required: true, type: 'number', range: [1, 100] },
    'DeliveryStreamEncryptionConfigurationInput.KeyType': { required: true, type: 'string', enum: ['AWS_OWNED_CMK', 'CUSTOMER_MANAGED_CMK'] },
    'DeliveryStreamEncryptionConfigurationInput.KeyARN': { type: 'string', length: [1, 512], pattern: 'arn:.*:kms:[a-zA-Z0-9\\-]+:\\d{12}:(key|alias)/[a-zA-Z_0-9+=,.@\\-_/]+' },
    ...extendedS3Table('ExtendedS3DestinationConfiguration', true),
    Tags: { type: 'list', length: [1, 50] },
    ...tagRules('Tags'),
  },
  async run(input, context) {
    const name = input.DeliveryStreamName as string;
    const destinations = DESTINATION_MEMBERS.filter((member) => (input as unknown as Record<string, unknown>)[member] !== undefined);
    if (destinations.length !== 1) throw invalidArgument('Exactly one destination configuration is supported for a Firehose');
    if (destinations[0] !== 'ExtendedS3DestinationConfiguration') {
      throw invalidArgument(`hosepipe emulates only ExtendedS3DestinationConfiguration, not ${destinations[0]}; see docs/fidelity.md.`);
    }
    const type = input.DeliveryStreamType ?? 'DirectPut';
    if (type !== 'DirectPut' && type !== 'KinesisStreamAsSource') {
      throw invalidArgument(`hosepipe emulates DeliveryStreamType DirectPut and KinesisStreamAsSource, not ${type}; see docs/fidelity.md.`);
    }
    if (type === 'KinesisStreamAsSource' && !input.KinesisStreamSourceConfiguration) {
      throw invalidArgument('KinesisStreamSourceConfiguration is required when DeliveryStreamType is KinesisStreamAsSource.');
    }
    if (type !== 'KinesisStreamAsSource' && input.KinesisStreamSourceConfiguration) {
      throw invalidArgument('KinesisStreamSourceConfiguration is only supported when DeliveryStreamType is KinesisStreamAsSource.');
    }
    if (type === 'KinesisStreamAsSource' && input.DeliveryStreamEncryptionConfigurationInput) {
      throw invalidArgument('Server-side encryption is not supported for a delivery stream whose source is a Kinesis data stream.');
    }
    const destination = input.ExtendedS3DestinationConfiguration as ExtendedS3DestinationConfiguration;
    checkDestination(destination);
    if (context.store.get(context.scope, name)) throw alreadyExists(name, context.scope.accountId);
    if (context.store.list(context.scope).length >= MAX_DELIVERY_STREAMS_PER_REGION) {
      throw limitExceeded(`You have already consumed your firehose quota of ${MAX_DELIVERY_STREAMS_PER_REGION} hoses. Firehose names: ${context.store.list(context.scope).map((stream) => stream.name).join(',')}`);
    }
    const now = context.clock.now();
    const arn = `arn:aws:firehose:${context.scope.region}:${context.scope.accountId}:deliverystream/${name}`;
    await checkRoles(context.roles, context.scope, arn, rolesOf(destination, input.KinesisStreamSourceConfiguration?.RoleARN));
    const encryptionInput = input.DeliveryStreamEncryptionConfigurationInput;
    const stream: StoredStream = {
      name, arn, accountId: context.scope.accountId, region: context.scope.region, type,
      status: 'CREATING', versionId: 1, createTimestamp: now, destination,
      tags: input.Tags ?? [],
      encryption: encryptionInput
        ? { Status: 'ENABLED', KeyType: encryptionInput.KeyType as string, ...(encryptionInput.KeyARN ? { KeyARN: encryptionInput.KeyARN } : {}) }
        : { Status: 'DISABLED' },
      encryptionCalls: [],
    };
    if (input.KinesisStreamSourceConfiguration) {
      stream.kinesisSource = {
        KinesisStreamARN: input.KinesisStreamSourceConfiguration.KinesisStreamARN as string,
        RoleARN: input.KinesisStreamSourceConfiguration.RoleARN as string,
        DeliveryStartTimestamp: now,
        startWallMs: Date.now(),
      };
    }
    if (input.DirectPutSourceConfiguration) stream.directPut = { ThroughputHintInMBs: input.DirectPutSourceConfiguration.ThroughputHintInMBs };
    context.store.save(stream);
    try {
      // LATEST positions are taken before answering, so nothing written after this call returns is missed.
      await context.engines.start(stream);
    } catch (error) {
      stream.status = 'CREATING_FAILED';
      stream.failureDescription = { Type: 'UNKNOWN_ERROR', Details: error instanceof Error ? error.message : String(error) };
      context.store.save(stream);
      return { DeliveryStreamARN: arn };
    }
    context.later(context.createDelayMs, () => {
      const current = context.store.get(context.scope, name);
      if (current?.status !== 'CREATING') return;
      current.status = 'ACTIVE';
      context.store.save(current);
    });
    return { DeliveryStreamARN: arn };
  },
});
