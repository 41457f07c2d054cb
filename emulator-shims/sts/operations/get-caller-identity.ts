import { rootPrincipal, xmlElement } from '../../shared/index.js';
import type { StsOperation } from './context.js';

/** The caller's ARN: the account root for keys the endpoint did not issue, the assumed role for its sessions. */
export const getCallerIdentity: StsOperation = ({ call }) => {
  const principal = call.principal ?? rootPrincipal(call.scope.accountId);
  const userId = principal.type === 'assumed-role' ? `${principal.roleId}:${principal.sessionName}` : principal.accountId;
  return xmlElement('Arn', principal.arn) + xmlElement('UserId', userId) + xmlElement('Account', principal.accountId);
};
