import type { IamOperation } from '../operation.js';
import { validateFields } from '../validation.js';

/** Instance profiles are not emulated: a role never has one. The role must exist (NoSuchEntity otherwise). */
export const listInstanceProfilesForRole: IamOperation = ({ store, params }) => {
  validateFields(params, ['RoleName']);
  store.role(params.get('RoleName')!);
  return '<InstanceProfiles></InstanceProfiles><IsTruncated>false</IsTruncated>';
};
