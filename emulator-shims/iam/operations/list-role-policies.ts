import type { IamOperation } from '../operation.js';
import { validateFields } from '../validation.js';
import { membersXml } from '../xml.js';

export const listRolePolicies: IamOperation = ({ store, params }) => {
  validateFields(params, ['RoleName']);
  const names = Object.keys(store.role(params.get('RoleName')!).InlinePolicies).sort();
  return `<PolicyNames>${membersXml(names)}</PolicyNames><IsTruncated>false</IsTruncated>`;
};
