import { xmlElement } from '../../shared/index.js';
import type { IamOperation } from '../operation.js';
import { validateFields } from '../validation.js';

export const listAttachedRolePolicies: IamOperation = ({ store, params }) => {
  validateFields(params, ['RoleName'], ['PathPrefix']);
  const prefix = params.get('PathPrefix') ?? '/';
  const attached = store.role(params.get('RoleName')!).AttachedPolicies.filter((policy) => (policy.PolicyArn.split(':policy')[1] ?? '/').startsWith(prefix));
  const members = attached.map((policy) => `<member>${xmlElement('PolicyName', policy.PolicyName)}${xmlElement('PolicyArn', policy.PolicyArn)}</member>`).join('');
  return `<AttachedPolicies>${members}</AttachedPolicies><IsTruncated>false</IsTruncated>`;
};
