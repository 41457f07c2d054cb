import { AwsError } from '../../shared/index.js';
import type { IamOperation } from '../operation.js';
import { validateFields } from '../validation.js';

export const deleteRole: IamOperation = ({ store, params }) => {
  validateFields(params, ['RoleName']);
  const role = store.role(params.get('RoleName')!);
  // IAM refuses to delete a role that still has policies, attached or inline.
  if (role.AttachedPolicies.length > 0) throw new AwsError('DeleteConflict', 'Cannot delete entity, must detach all policies first.', 409);
  if (Object.keys(role.InlinePolicies).length > 0) throw new AwsError('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
  store.remove(role.RoleName);
  return undefined;
};
