/**
 * Bucket settings (`?tagging`, `?policy`, `?cors`, …): how S3 validates each document, answers one never
 * set, and names its operations. A document is stored only once valid, as the client sent it.
 */
import { AwsError } from '../shared/index.js';
import { invalidArgument, malformedXml } from './errors.js';
import { checkLifecycle } from './settings/lifecycle.js';
import { checkBucketPolicy } from './settings/policy.js';
import { parseCors } from './settings/cors.js';
import { parseTagging } from './settings/tagging.js';
import { asNode, listOf, nodeOf, parseXml, S3_NAMESPACE, textOf } from './xml.js';

export interface SettingRule {
  /** S3's error for a Get of a setting never put; undefined when S3 answers `defaultDocument` instead. */
  notFound?: () => AwsError;
  defaultDocument?: string;
  contentType?: string;
  /** False for the settings S3 has no Delete operation for. */
  deletable: boolean;
  /** Throws S3's error for a document it refuses. */
  validate(text: string, bucket: string): void;
}

const missing = (code: string, message: string) => () => new AwsError(code, message, 404);
const wellFormed = (root: string) => (text: string) => void parseXml(text, root);
const oneOf = (node: ReturnType<typeof parseXml>, name: string, allowed: readonly string[], required = false) => {
  const value = textOf(node, name);
  if ((value === undefined && required) || (value !== undefined && !allowed.includes(value))) throw malformedXml();
};
const BOOLEAN = ['true', 'false'];

export const SETTINGS: Record<string, SettingRule> = {
  tagging: {
    notFound: missing('NoSuchTagSet', 'The TagSet does not exist'), deletable: true,
    validate: (text) => void parseTagging(text, 50),
  },
  policy: {
    notFound: missing('NoSuchBucketPolicy', 'The bucket policy does not exist'), contentType: 'application/json', deletable: true,
    validate: (text, bucket) => void checkBucketPolicy(text, bucket),
  },
  lifecycle: {
    notFound: missing('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist'), deletable: true,
    validate: (text) => void checkLifecycle(text),
  },
  cors: {
    notFound: missing('NoSuchCORSConfiguration', 'The CORS configuration does not exist'), deletable: true,
    validate: (text) => void parseCors(text),
  },
  encryption: {
    notFound: missing('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found'), deletable: true,
    validate(text) {
      const rules = listOf(parseXml(text, 'ServerSideEncryptionConfiguration'), 'Rule').map(asNode);
      if (rules.length === 0) throw malformedXml();
      for (const rule of rules) {
        const defaults = nodeOf(rule, 'ApplyServerSideEncryptionByDefault');
        if (defaults) {
          oneOf(defaults, 'SSEAlgorithm', ['AES256', 'aws:kms', 'aws:kms:dsse'], true);
          if (textOf(defaults, 'KMSMasterKeyID') !== undefined && textOf(defaults, 'SSEAlgorithm') === 'AES256') {
            throw invalidArgument('a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse', 'ApplyServerSideEncryptionByDefault', 'AES256');
          }
        }
        oneOf(rule, 'BucketKeyEnabled', BOOLEAN);
      }
    },
  },
  publicAccessBlock: {
    notFound: missing('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found'), deletable: true,
    validate(text) {
      const node = parseXml(text, 'PublicAccessBlockConfiguration');
      for (const name of ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets']) oneOf(node, name, BOOLEAN);
    },
  },
  ownershipControls: {
    notFound: missing('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found'), deletable: true,
    validate(text) {
      const rules = listOf(parseXml(text, 'OwnershipControls'), 'Rule').map(asNode);
      if (rules.length !== 1) throw malformedXml();
      oneOf(rules[0]!, 'ObjectOwnership', ['BucketOwnerPreferred', 'ObjectWriter', 'BucketOwnerEnforced'], true);
    },
  },
  versioning: {
    defaultDocument: `<VersioningConfiguration xmlns="${S3_NAMESPACE}"/>`, deletable: false,
    validate(text) {
      const node = parseXml(text, 'VersioningConfiguration');
      oneOf(node, 'Status', ['Enabled', 'Suspended']);
      oneOf(node, 'MfaDelete', ['Enabled', 'Disabled']);
    },
  },
  website: { notFound: missing('NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration'), deletable: true, validate: wellFormed('WebsiteConfiguration') },
  replication: { notFound: missing('ReplicationConfigurationNotFoundError', 'The replication configuration was not found'), deletable: true, validate: wellFormed('ReplicationConfiguration') },
  'object-lock': { notFound: missing('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket'), deletable: false, validate: wellFormed('ObjectLockConfiguration') },
  accelerate: { defaultDocument: `<AccelerateConfiguration xmlns="${S3_NAMESPACE}"/>`, deletable: false, validate: wellFormed('AccelerateConfiguration') },
  requestPayment: {
    defaultDocument: `<RequestPaymentConfiguration xmlns="${S3_NAMESPACE}"><Payer>BucketOwner</Payer></RequestPaymentConfiguration>`, deletable: false,
    validate: (text) => oneOf(parseXml(text, 'RequestPaymentConfiguration'), 'Payer', ['Requester', 'BucketOwner'], true),
  },
  logging: { defaultDocument: `<BucketLoggingStatus xmlns="${S3_NAMESPACE}"/>`, deletable: false, validate: wellFormed('BucketLoggingStatus') },
  notification: { defaultDocument: `<NotificationConfiguration xmlns="${S3_NAMESPACE}"/>`, deletable: false, validate: wellFormed('NotificationConfiguration') },
};

/** The query names of bucket settings this module answers. */
export function settingOf(query: URLSearchParams): string | undefined {
  for (const name of query.keys()) if (name in SETTINGS) return name;
  return undefined;
}
