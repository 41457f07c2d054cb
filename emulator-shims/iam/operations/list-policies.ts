import { xmlElement } from '../../shared/index.js';
import { validationError } from '../errors.js';
import { attachmentCount, policyOf, policyVersionXml, policyXml } from '../managed-policies.js';
import type { IamOperation } from '../operation.js';
import { validateFields } from '../validation.js';

/** Customer managed policies only (Scope Local, or All): the AWS managed ones are AWS's list, not this account's. */
export const listPolicies: IamOperation = ({ store, params }) => {
  validateFields(params, [], ['PathPrefix', 'MaxItems', 'Marker']);
  const scope = params.get('Scope') ?? 'All';
  if (!['All', 'AWS', 'Local'].includes(scope)) throw validationError([`Value '${scope.slice(0, 256)}' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]`]);
  const prefix = params.get('PathPrefix') ?? '/';
  const onlyAttached = params.get('OnlyAttached') === 'true';
  const policies = scope === 'AWS' ? [] : store.policies()
    .filter((policy) => policy.Path.startsWith(prefix))
    .map((policy) => ({ policy, count: attachmentCount(store, policy.Arn) }))
    .filter(({ count }) => !onlyAttached || count > 0)
    .sort((a, b) => a.policy.PolicyName.localeCompare(b.policy.PolicyName));
  return page(policies.map(({ policy, count }) => `<member>${policyXml(policy, count, false)}</member>`), 'Policies', params.get('MaxItems'), params.get('Marker'));
};

export const listPolicyVersions: IamOperation = ({ store, params }) => {
  validateFields(params, ['PolicyArn'], ['MaxItems', 'Marker']);
  const policy = policyOf(store, params.get('PolicyArn')!);
  const versions = [...policy.Versions].reverse().map((version) => `<member>${policyVersionXml(policy, version, false)}</member>`);
  return page(versions, 'Versions', params.get('MaxItems'), params.get('Marker'));
};

export const listEntitiesForPolicy: IamOperation = ({ store, params }) => {
  validateFields(params, ['PolicyArn'], ['PathPrefix', 'MaxItems', 'Marker']);
  const arn = params.get('PolicyArn')!;
  if (!/^arn:aws[a-z-]*:iam::aws:policy\//.test(arn)) policyOf(store, arn);
  const roles = store.roles().filter((role) => role.AttachedPolicies.some((attached) => attached.PolicyArn === arn));
  const members = roles.map((role) => `<member>${xmlElement('RoleName', role.RoleName)}${xmlElement('RoleId', role.RoleId)}</member>`).join('');
  return `<PolicyGroups/><PolicyUsers/><PolicyRoles>${members}</PolicyRoles><IsTruncated>false</IsTruncated>`;
};

// IAM pages with an opaque Marker; here it is the index of the next member.
function page(members: string[], element: string, maxItems: string | undefined, marker: string | undefined): string {
  const size = Math.min(Math.max(Number(maxItems ?? 100), 1), 1000);
  const start = marker === undefined ? 0 : Number.parseInt(marker, 10) || 0;
  const shown = members.slice(start, start + size);
  const truncated = start + size < members.length;
  return `<${element}>${shown.join('')}</${element}><IsTruncated>${truncated}</IsTruncated>${truncated ? xmlElement('Marker', String(start + size)) : ''}`;
}
