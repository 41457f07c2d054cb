/** Where an SDK error keeps the IAM action of the call that failed (see recordIamAction). */
const IAM_ACTION = Symbol.for('hosepipe.iamAction');

const SERVICE_PREFIX: Record<string, string> = {
  S3Client: 's3',
  KinesisClient: 'kinesis',
  LambdaClient: 'lambda',
  FirehoseClient: 'firehose',
  IAMClient: 'iam',
  STSClient: 'sts',
  CloudWatchLogsClient: 'logs',
};

// S3 operations whose IAM action has another name (AWS's "Actions, resources, and condition keys for Amazon S3").
const S3_ACTIONS: Record<string, string> = {
  HeadBucket: 'ListBucket',
  ListObjectsV2: 'ListBucket',
  ListObjectVersions: 'ListBucketVersions',
  HeadObject: 'GetObject',
  DeleteObjects: 'DeleteObject',
  GetBucketEncryption: 'GetEncryptionConfiguration',
  PutBucketEncryption: 'PutEncryptionConfiguration',
  GetPublicAccessBlock: 'GetBucketPublicAccessBlock',
  PutPublicAccessBlock: 'PutBucketPublicAccessBlock',
  GetBucketLifecycleConfiguration: 'GetLifecycleConfiguration',
  PutBucketLifecycleConfiguration: 'PutLifecycleConfiguration',
  DeleteBucketLifecycle: 'PutLifecycleConfiguration',
};

/** Pure: the IAM action an SDK command needs, e.g. (S3Client, HeadBucketCommand) → s3:ListBucket. */
export function iamAction(clientName: string, commandName: string): string {
  const operation = commandName.replace(/Command$/, '');
  const prefix = SERVICE_PREFIX[clientName] ?? clientName.replace(/Client$/, '').toLowerCase();
  return `${prefix}:${prefix === 's3' ? (S3_ACTIONS[operation] ?? operation) : operation}`;
}

// The arguments pass through untouched, so any client's middleware stack takes this one middleware.
type Handler = (args: any) => Promise<any>;
interface MiddlewareClient {
  middlewareStack: {
    add(middleware: (next: Handler, context: { clientName?: string; commandName?: string }) => Handler, options: { step: 'initialize'; name: string }): void;
  };
}

/**
 * Marks every error a client's call throws with the IAM action of that call, after the SDK's retries, so an
 * AccessDenied or a throttle can name what was refused even when AWS's message does not (S3's "Access Denied").
 */
export function recordIamAction<Client extends MiddlewareClient>(client: Client): Client {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error !== null && typeof error === 'object' && !(IAM_ACTION in error) && context.clientName && context.commandName) {
          Object.defineProperty(error, IAM_ACTION, { value: iamAction(context.clientName, context.commandName) });
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'hosepipeIamAction' },
  );
  return client;
}

/** The IAM action recorded on an SDK error by recordIamAction, if any. */
export function iamActionOf(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const action = (error as Record<symbol, unknown>)[IAM_ACTION];
  return typeof action === 'string' ? action : undefined;
}
