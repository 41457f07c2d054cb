import { AwsError } from '../../shared/index.js';
import { limitExceeded, QUOTAS } from '../errors.js';
import type { IamOperation } from '../operation.js';
import { validateFields } from '../validation.js';
import { policyNotAttachable } from '../managed-policies.js';

const POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/(?:[\u0021-\u007E]+\/)?([\w+=,.@-]+)$/;

export const attachRolePolicy: IamOperation = ({ store, scope, params }) => {
  validateFields(params, ['RoleName', 'PolicyArn']);
  const role = store.role(params.get('RoleName')!);
  const arn = params.get('PolicyArn')!;
  const match = POLICY_ARN.exec(arn);
  if (!match) throw new AwsError('InvalidInput', `ARN ${arn} is not valid.`, 400);
  // A customer managed policy must exist in the role's account; AWS managed ones are AWS's (hosepipe evaluates those it carries).
  if (match[1] !== 'aws' && (match[1] !== scope.accountId || !store.policy(arn))) throw policyNotAttachable(arn);
  if (role.AttachedPolicies.some((policy) => policy.PolicyArn === arn)) return undefined;
  if (role.AttachedPolicies.length >= QUOTAS.policiesPerRole) throw limitExceeded(`Cannot exceed quota for PoliciesPerRole: ${QUOTAS.policiesPerRole}`);
  store.put({ ...role, AttachedPolicies: [...role.AttachedPolicies, { PolicyName: match[2]!, PolicyArn: arn }] });
  return undefined;
};
