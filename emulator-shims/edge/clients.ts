import { KinesisClient } from '@aws-sdk/client-kinesis';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Scope } from '../shared/index.js';
import type { SessionRegistry } from '../sts/index.js';

/** Dummy credentials: the endpoint requires credentials in form but never verifies them. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

/** UNCONFIRMED: the session name Firehose's role sessions carry (what an AccessDenied names as the caller's session). */
export const FIREHOSE_SESSION_NAME = 'AWSFirehoseDelivery';
// Sessions last an hour; the SDK asks for new credentials this long before they expire.
const SESSION_SECONDS = 3600;

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date };
type CredentialSource = Credentials | (() => Promise<Credentials>);

/**
 * SDK clients that talk back to the local endpoint, as Firehose talks to S3, Kinesis and Lambda on AWS,
 * signed for `region` with the given credentials (by default the account's root: `test`, or the
 * account id as the access key id, which the endpoint takes as the caller's account).
 */
export function createLoopbackClients(endpoint: string, region: string, accountId?: string, credentials?: CredentialSource) {
  // HTTP/1.1 handler: the Kinesis client's default HTTP/2 handler is rejected by HTTP/1.1 servers.
  const requestHandler = new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 120_000 });
  const signing = credentials ?? (accountId ? { ...LOCAL_CREDENTIALS, accessKeyId: accountId } : LOCAL_CREDENTIALS);
  const common = { endpoint, region, credentials: signing, requestHandler };
  return {
    // Buffer bodies and no default checksums: objects are written whole, as Firehose writes them.
    s3: new S3Client({ ...common, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }),
    kinesis: new KinesisClient(common),
    lambda: new LambdaClient(common),
  };
}

export type LoopbackClients = ReturnType<typeof createLoopbackClients>;

/**
 * Loopback clients per account, region and role, made on first use; `destroy` closes their connections.
 * With a role (and the registry), they sign with temporary credentials the registry issues for that role,
 * renewed before they expire, so the endpoint sees Firehose's calls as the role's session and evaluates them.
 */
export function createLoopbackClientCache(endpoint: string, defaults: Scope, sessions?: SessionRegistry): { clientsFor(scope: Scope, roleArn?: string): LoopbackClients; destroy(): void } {
  const cache = new Map<string, LoopbackClients>();
  const roleCredentials = (roleArn: string) => async (): Promise<Credentials> => {
    const session = sessions!.issue({ roleArn, sessionName: FIREHOSE_SESSION_NAME, durationSeconds: SESSION_SECONDS, issuer: 'firehose' });
    return { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken, expiration: new Date(session.expiresAt) };
  };
  return {
    clientsFor(scope, roleArn) {
      const key = `${scope.accountId}/${scope.region}/${roleArn ?? ''}`;
      let clients = cache.get(key);
      if (!clients) {
        const account = scope.accountId === defaults.accountId ? undefined : scope.accountId;
        const credentials = roleArn && sessions && isRoleArn(roleArn) ? roleCredentials(roleArn) : undefined;
        clients = createLoopbackClients(endpoint, scope.region, account, credentials);
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

function isRoleArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(arn);
}
