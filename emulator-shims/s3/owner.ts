import { createHash } from 'node:crypto';
import { element } from './xml.js';

/** Pure: an account's canonical user id, as S3 writes it in Owner and Grant elements (64 hex digits). */
export function canonicalId(accountId: string): string {
  return createHash('sha256').update(`hosepipe-account:${accountId}`).digest('hex');
}

/** Pure: `<Owner>` of an account. */
export function ownerXml(accountId: string, name = 'Owner'): string {
  return `<${name}>${element('ID', canonicalId(accountId))}${element('DisplayName', accountId)}</${name}>`;
}
