import { KinesisClient } from '@aws-sdk/client-kinesis';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** Dummy credentials: the endpoint requires credentials in form but never verifies them. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

/** SDK clients that talk back to the local endpoint, as Firehose talks to S3, Kinesis and Lambda on AWS. */
export function createLoopbackClients(endpoint: string, region: string) {
  // HTTP/1.1 handler: the Kinesis client's default HTTP/2 handler is rejected by HTTP/1.1 servers.
  const requestHandler = new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 120_000 });
  const common = { endpoint, region, credentials: LOCAL_CREDENTIALS, requestHandler };
  return {
    // Buffer bodies and no default checksums: objects are written whole, as Firehose writes them.
    s3: new S3Client({ ...common, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }),
    kinesis: new KinesisClient(common),
    lambda: new LambdaClient(common),
  };
}
