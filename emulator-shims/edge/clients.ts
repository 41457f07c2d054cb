import { KinesisClient } from '@aws-sdk/client-kinesis';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Scope } from '../shared/index.js';

/** Dummy credentials: the endpoint requires credentials in form but never verifies them. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

/**
 * SDK clients that talk back to the local endpoint, as Firehose talks to S3, Kinesis and Lambda on AWS,
 * signed for `region` and, when `accountId` is given, with it as the access key id (the endpoint takes
 * a 12-digit access key id as the caller's account).
 */
export function createLoopbackClients(endpoint: string, region: string, accountId?: string) {
  // HTTP/1.1 handler: the Kinesis client's default HTTP/2 handler is rejected by HTTP/1.1 servers.
  const requestHandler = new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 120_000 });
  const credentials = accountId ? { ...LOCAL_CREDENTIALS, accessKeyId: accountId } : LOCAL_CREDENTIALS;
  const common = { endpoint, region, credentials, requestHandler };
  return {
    // Buffer bodies and no default checksums: objects are written whole, as Firehose writes them.
    s3: new S3Client({ ...common, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }),
    kinesis: new KinesisClient(common),
    lambda: new LambdaClient(common),
  };
}

export type LoopbackClients = ReturnType<typeof createLoopbackClients>;

/** Loopback clients per account and region, made on first use; `destroy` closes their connections. */
export function createLoopbackClientCache(endpoint: string, defaults: Scope): { clientsFor(scope: Scope): LoopbackClients; destroy(): void } {
  const cache = new Map<string, LoopbackClients>();
  return {
    clientsFor(scope) {
      const key = `${scope.accountId}/${scope.region}`;
      let clients = cache.get(key);
      if (!clients) {
        clients = createLoopbackClients(endpoint, scope.region, scope.accountId === defaults.accountId ? undefined : scope.accountId);
        cache.set(key, clients);
      }
      return clients;
    },
    destroy() {
      for (const clients of cache.values()) for (const client of Object.values(clients)) client.destroy();
      cache.clear();
    },
  };
}
