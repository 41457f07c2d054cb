import { xmlElement } from '../shared/index.js';
import type { RoleRecord } from './store.js';

/** Pure: a `<Role>` body as IAM writes it; policy documents travel URL-encoded, as on AWS. */
export function roleXml(role: RoleRecord): string {
  return (
    xmlElement('Path', role.Path) +
    xmlElement('RoleName', role.RoleName) +
    xmlElement('RoleId', role.RoleId) +
    xmlElement('Arn', role.Arn) +
    xmlElement('CreateDate', role.CreateDate) +
    xmlElement('AssumeRolePolicyDocument', encodeURIComponent(role.AssumeRolePolicyDocument)) +
    xmlElement('Description', role.Description) +
    xmlElement('MaxSessionDuration', role.MaxSessionDuration) +
    (role.Tags.length > 0 ? `<Tags>${tagsXml(role.Tags)}</Tags>` : '') +
    '<RoleLastUsed/>'
  );
}

export function tagsXml(tags: readonly { Key: string; Value: string }[]): string {
  return tags.map((tag) => `<member>${xmlElement('Key', tag.Key)}${xmlElement('Value', tag.Value)}</member>`).join('');
}

export function membersXml(values: readonly string[]): string {
  return values.map((value) => xmlElement('member', value)).join('');
}
