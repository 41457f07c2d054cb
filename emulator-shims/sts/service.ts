import type { IncomingMessage, ServerResponse } from 'node:http';
import { QUERY_NAMESPACES, rootPrincipal, serveQueryCall, type CallContext, type QueryOperation, type Scope, type ServiceHandler, type ServiceStatus } from '../shared/index.js';
import { assumeRole } from './operations/assume-role.js';
import type { RoleTrust, StsOperation } from './operations/context.js';
import { getCallerIdentity } from './operations/get-caller-identity.js';
import { createSessionRegistry, type SessionRegistry } from './sessions.js';

const NAMESPACE = QUERY_NAMESPACES.sts!;
const OPERATIONS: Record<string, StsOperation> = { AssumeRole: assumeRole, GetCallerIdentity: getCallerIdentity };

export interface StsServiceOptions {
  scope: Scope;
  /** The registry the edge resolves callers with; a private one (in memory) when absent. */
  sessions?: SessionRegistry;
  /** The endpoint's IAM, which AssumeRole asks; without it any role may be assumed. */
  trust?: RoleTrust;
}

/** STS over the query protocol: AssumeRole issues role sessions; GetCallerIdentity answers who the caller is. */
export function createStsService(options: StsServiceOptions): ServiceHandler {
  let state: ServiceStatus = 'running';
  const sessions = options.sessions ?? createSessionRegistry();
  return {
    name: 'sts',
    handle(request: IncomingMessage, response: ServerResponse, call?: CallContext) {
      const context: CallContext = call ?? { scope: options.scope, principal: rootPrincipal(options.scope.accountId) };
      const operations: Record<string, QueryOperation> = Object.fromEntries(
        Object.entries(OPERATIONS).map(([action, operation]) => [action, (params) => operation({ params, call: context, sessions, ...(options.trust ? { trust: options.trust } : {}) })]),
      );
      return serveQueryCall(request, response, NAMESPACE, operations);
    },
    status: () => state,
    async close() {
      state = 'disabled';
    },
  };
}
