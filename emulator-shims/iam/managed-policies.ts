import { randomBytes } from 'node:crypto';
import { AwsError, xmlElement } from '../shared/index.js';
import { validationError } from './errors.js';
import type { IamStore, ManagedPolicyRecord } from './store.js';
import { tagsXml } from './xml.js';

/** IAM's quotas on customer managed policies. */
export const POLICY_QUOTAS = { policiesPerAccount: 1500, versionsPerPolicy: 5, policySize: 6144 } as const;

const POLICY_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):policy\/(?:[\u0021-\u007E]+\/)?([\w+=,.@-]+)$/;
const VERSION_ID = /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/;

export const noSuchPolicy = (arn: string) => new AwsError('NoSuchEntity', `Policy ${arn} was not found.`, 404);
export const policyNotAttachable = (arn: string) => new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404);

/** A new policy's id: ANPA and 17 upper-case base32 characters, as IAM writes them. */
export function newPolicyId(): string {
  return `ANPA${[...randomBytes(17)].map((byte) => POLICY_ID_ALPHABET[byte % 32]).join('')}`;
}

/** IAM's date format: ISO 8601 without milliseconds. */
export const iamDate = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The customer managed policy a PolicyArn names in this account; NoSuchEntity otherwise (an ARN of another account is not here). */
export function policyOf(store: IamStore, arn: string): ManagedPolicyRecord {
  const policy = POLICY_ARN.test(arn) ? store.policy(arn) : undefined;
  if (!policy) throw noSuchPolicy(arn);
  return policy;
}

/** A VersionId checked against IAM's pattern. */
export function checkVersionId(versionId: string | undefined): string {
  if (versionId === undefined) throw validationError([`Value null at 'versionId' failed to satisfy constraint: Member must not be null`]);
  if (!VERSION_ID.test(versionId)) throw validationError([`Value '${versionId.slice(0, 256)}' at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?`]);
  return versionId;
}

/** How many roles of the account have the policy attached. */
export function attachmentCount(store: IamStore, arn: string): number {
  return store.roles().filter((role) => role.AttachedPolicies.some((attached) => attached.PolicyArn === arn)).length;
}

/** Pure but for the count: a `<Policy>` body as IAM writes it. */
export function policyXml(policy: ManagedPolicyRecord, attachments: number, withTags = true): string {
  return (
    xmlElement('PolicyName', policy.PolicyName) +
    xmlElement('DefaultVersionId', policy.DefaultVersionId) +
    xmlElement('PolicyId', policy.PolicyId) +
    xmlElement('Path', policy.Path) +
    xmlElement('Arn', policy.Arn) +
    xmlElement('AttachmentCount', attachments) +
    xmlElement('PermissionsBoundaryUsageCount', 0) +
    xmlElement('IsAttachable', true) +
    xmlElement('Description', policy.Description) +
    xmlElement('CreateDate', policy.CreateDate) +
    xmlElement('UpdateDate', policy.UpdateDate) +
    (withTags && policy.Tags.length > 0 ? `<Tags>${tagsXml(policy.Tags)}</Tags>` : '')
  );
}

/** Pure: a `<PolicyVersion>`; the document travels URL-encoded, as on AWS. */
export function policyVersionXml(policy: ManagedPolicyRecord, version: ManagedPolicyRecord['Versions'][number], withDocument = true): string {
  return (
    (withDocument ? xmlElement('Document', encodeURIComponent(version.Document)) : '') +
    xmlElement('VersionId', version.VersionId) +
    xmlElement('IsDefaultVersion', version.VersionId === policy.DefaultVersionId) +
    xmlElement('CreateDate', version.CreateDate)
  );
}
