import type { IamOperation } from '../operation.js';
import { attachRolePolicy } from './attach-role-policy.js';
import { createRole } from './create-role.js';
import { deleteRole } from './delete-role.js';
import { deleteRolePolicy } from './delete-role-policy.js';
import { detachRolePolicy } from './detach-role-policy.js';
import { getRole } from './get-role.js';
import { getRolePolicy } from './get-role-policy.js';
import { listAttachedRolePolicies } from './list-attached-role-policies.js';
import { listInstanceProfilesForRole } from './list-instance-profiles-for-role.js';
import { listRolePolicies } from './list-role-policies.js';
import { listRoleTags } from './list-role-tags.js';
import { putRolePolicy } from './put-role-policy.js';
import { tagRole } from './tag-role.js';
import { untagRole } from './untag-role.js';
import { updateAssumeRolePolicy } from './update-assume-role-policy.js';

/** The IAM actions hosepipe answers, by their `Action` name. */
export const OPERATIONS: Record<string, IamOperation> = {
  AttachRolePolicy: attachRolePolicy,
  CreateRole: createRole,
  DeleteRole: deleteRole,
  DeleteRolePolicy: deleteRolePolicy,
  DetachRolePolicy: detachRolePolicy,
  GetRole: getRole,
  GetRolePolicy: getRolePolicy,
  ListAttachedRolePolicies: listAttachedRolePolicies,
  ListInstanceProfilesForRole: listInstanceProfilesForRole,
  ListRolePolicies: listRolePolicies,
  ListRoleTags: listRoleTags,
  PutRolePolicy: putRolePolicy,
  TagRole: tagRole,
  UntagRole: untagRole,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
};
