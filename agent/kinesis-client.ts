import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * A Kinesis client for the agent. HTTP/1.1 handler because local endpoints (hosepipe's, other
 * emulators) do not speak HTTP/2; maxAttempts 1 because the sender owns retries and counts them.
 * With a local endpoint and no credentials in the environment, dummy ones are used: emulators
 * accept any signature, and a developer machine should not need an AWS account.
 */
export function createKinesisClient(options: { region: string; endpoint: string | undefined }): KinesisClient {
  const haveEnvironmentCredentials = Boolean(process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY);
  return new KinesisClient({
    region: options.region,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5000, requestTimeout: 60_000 }),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.endpoint && !haveEnvironmentCredentials ? { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } } : {}),
  });
}
