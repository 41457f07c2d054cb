import { ask, type RequestMapper } from './request-line.js';

/** IAM actions → `iam:<Action>` on the role (`arn:aws:iam::<account>:role/<name>`) or policy they name; the rest on `*`. */
export const iamRequests: RequestMapper = ({ operation, body, scope }) => {
  const params = body instanceof URLSearchParams ? body : new URLSearchParams();
  const action = `iam:${operation}`;
  const policyArn = params.get('PolicyArn');
  const roleName = params.get('RoleName');
  const requests = [];
  if (roleName !== null) requests.push(ask(action, `arn:aws:iam::${scope.accountId}:role/${roleName}`, scope));
  else if (policyArn !== null) requests.push(ask(action, policyArn, scope));
  else if (operation === 'CreatePolicy' && params.get('PolicyName') !== null) requests.push(ask(action, `arn:aws:iam::${scope.accountId}:policy/${params.get('PolicyName')}`, scope));
  else requests.push(ask(action, '*', scope));
  // Attaching a policy to a role is one action on the role; the policy is named only in the condition key.
  if (roleName !== null && policyArn !== null) requests[0] = ask(action, requests[0]!.resource, scope, { 'iam:PolicyARN': policyArn });
  return requests;
};
