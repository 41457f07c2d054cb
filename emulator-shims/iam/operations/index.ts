import type { IamOperation } from '../operation.js';
import { attachRolePolicy } from './attach-role-policy.js';
import { createPolicy } from './create-policy.js';
import { createRole } from './create-role.js';
import { getPolicy, getPolicyVersion } from './get-policy.js';
import { listEntitiesForPolicy, listPolicies, listPolicyVersions } from './list-policies.js';
import { createPolicyVersion, deletePolicy, deletePolicyVersion, setDefaultPolicyVersion } from './policy-versions.js';
import { listPolicyTags, tagPolicy, untagPolicy } from './policy-tags.js';
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
  CreatePolicy: createPolicy,
  CreatePolicyVersion: createPolicyVersion,
  CreateRole: createRole,
  DeletePolicy: deletePolicy,
  DeletePolicyVersion: deletePolicyVersion,
  DeleteRole: deleteRole,
  DeleteRolePolicy: deleteRolePolicy,
  DetachRolePolicy: detachRolePolicy,
  GetPolicy: getPolicy,
  GetPolicyVersion: getPolicyVersion,
  GetRole: getRole,
  GetRolePolicy: getRolePolicy,
  ListAttachedRolePolicies: listAttachedRolePolicies,
  ListEntitiesForPolicy: listEntitiesForPolicy,
  ListInstanceProfilesForRole: listInstanceProfilesForRole,
  ListPolicies: listPolicies,
  ListPolicyTags: listPolicyTags,
  ListPolicyVersions: listPolicyVersions,
  ListRolePolicies: listRolePolicies,
  ListRoleTags: listRoleTags,
  PutRolePolicy: putRolePolicy,
  SetDefaultPolicyVersion: setDefaultPolicyVersion,
  TagPolicy: tagPolicy,
  TagRole: tagRole,
  UntagPolicy: untagPolicy,
  UntagRole: untagRole,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
};
