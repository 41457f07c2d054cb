import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { readBody } from '../shared/index.js';

interface SettingRule {
  /** The S3 error for a Get of a setting never put, or null when S3 answers a default document. */
  notFound: { code: string; message: string } | null;
  defaultDocument?: string;
  contentType?: string;
}

const XML_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/**
 * Bucket settings s3rver does not keep, stored as the documents clients sent and answered the way
 * S3 answers them, including the error S3 gives for a setting that was never set.
 */
const SETTINGS: Record<string, SettingRule> = {
  tagging: { notFound: { code: 'NoSuchTagSet', message: 'The TagSet does not exist' } },
  encryption: { notFound: { code: 'ServerSideEncryptionConfigurationNotFoundError', message: 'The server side encryption configuration was not found' } },
  publicAccessBlock: { notFound: { code: 'NoSuchPublicAccessBlockConfiguration', message: 'The public access block configuration was not found' } },
  ownershipControls: { notFound: { code: 'OwnershipControlsNotFoundError', message: 'The bucket ownership controls were not found' } },
  policy: { notFound: { code: 'NoSuchBucketPolicy', message: 'The bucket policy does not exist' }, contentType: 'application/json' },
  lifecycle: { notFound: { code: 'NoSuchLifecycleConfiguration', message: 'The lifecycle configuration does not exist' } },
  replication: { notFound: { code: 'ReplicationConfigurationNotFoundError', message: 'The replication configuration was not found' } },
  'object-lock': { notFound: { code: 'ObjectLockConfigurationNotFoundError', message: 'Object Lock configuration does not exist for this bucket' } },
  versioning: { notFound: null, defaultDocument: `<VersioningConfiguration xmlns="${XML_NS}"/>` },
  accelerate: { notFound: null, defaultDocument: `<AccelerateConfiguration xmlns="${XML_NS}"/>` },
  requestPayment: { notFound: null, defaultDocument: `<RequestPaymentConfiguration xmlns="${XML_NS}"><Payer>BucketOwner</Payer></RequestPaymentConfiguration>` },
  logging: { notFound: null, defaultDocument: `<BucketLoggingStatus xmlns="${XML_NS}"/>` },
  notification: { notFound: null, defaultDocument: `<NotificationConfiguration xmlns="${XML_NS}"/>` },
  acl: {
    notFound: null,
    defaultDocument:
      `<AccessControlPolicy xmlns="${XML_NS}"><Owner><ID>hosepipe</ID><DisplayName>hosepipe</DisplayName></Owner>` +
      '<AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">' +
      '<ID>hosepipe</ID><DisplayName>hosepipe</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>',
  },
};

export interface BucketSettings {
  /** Handles the request if it is a bucket-setting call; returns false to let s3rver have it. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
  /** Forgets a deleted bucket's settings, so a bucket created again starts clean. */
  forget(bucket: string): void;
}

export function createBucketSettings(options: { objectsDirectory: string; settingsDirectory: string }): BucketSettings {
  const file = (bucket: string, setting: string) => join(options.settingsDirectory, bucket, `${setting}.doc`);
  return {
    async handle(request, response) {
      const url = new URL(request.url ?? '/', 'http://s3');
      const bucket = /^\/([^/]+)\/?$/.exec(url.pathname)?.[1];
      const keys = [...url.searchParams.keys()];
      const setting = keys.length === 1 ? keys[0] : undefined;
      if (!bucket || !setting || !(setting in SETTINGS)) return false;
      const rule = SETTINGS[setting]!;
      if (!existsSync(join(options.objectsDirectory, bucket))) {
        sendS3Error(response, 404, 'NoSuchBucket', 'The specified bucket does not exist', bucket);
        return true;
      }
      const path = file(bucket, setting);
      switch (request.method) {
        case 'PUT': {
          const body = await readBody(request, 1024 * 1024);
          mkdirSync(join(options.settingsDirectory, bucket), { recursive: true });
          writeFileSync(path, body);
          response.writeHead(200, { 'content-length': '0' }).end();
          return true;
        }
        case 'DELETE':
          rmSync(path, { force: true });
          response.writeHead(204).end();
          return true;
        case 'GET': {
          if (existsSync(path)) {
            const body = readFileSync(path);
            response.writeHead(200, { 'content-type': rule.contentType ?? 'application/xml', 'content-length': String(body.length) }).end(body);
          } else if (rule.notFound) {
            sendS3Error(response, 404, rule.notFound.code, rule.notFound.message, bucket);
          } else {
            const body = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${rule.defaultDocument ?? ''}`);
            response.writeHead(200, { 'content-type': 'application/xml', 'content-length': String(body.length) }).end(body);
          }
          return true;
        }
        default:
          return false;
      }
    },
    forget(bucket) {
      rmSync(join(options.settingsDirectory, bucket), { recursive: true, force: true });
    },
  };
}

function sendS3Error(response: ServerResponse, status: number, code: string, message: string, bucket: string): void {
  const body = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><BucketName>${bucket}</BucketName><RequestId>${crypto.randomUUID()}</RequestId></Error>`,
  );
  response.writeHead(status, { 'content-type': 'application/xml', 'content-length': String(body.length) }).end(body);
}
