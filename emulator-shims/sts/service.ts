import type { IncomingMessage, ServerResponse } from 'node:http';
import { QUERY_NAMESPACES, serveQueryCall, xmlElement, type QueryOperation, type Scope, type ServiceHandler, type ServiceStatus } from '../shared/index.js';

const NAMESPACE = QUERY_NAMESPACES.sts!;

/** STS over the query protocol: GetCallerIdentity answers the local account's root, whatever the credentials. */
export function createStsService(options: { scope: Scope }): ServiceHandler {
  let state: ServiceStatus = 'running';
  const account = options.scope.accountId;
  const operations: Record<string, QueryOperation> = {
    GetCallerIdentity: () => xmlElement('Arn', `arn:aws:iam::${account}:root`) + xmlElement('UserId', account) + xmlElement('Account', account),
  };
  return {
    name: 'sts',
    handle: (request: IncomingMessage, response: ServerResponse) => serveQueryCall(request, response, NAMESPACE, operations),
    status: () => state,
    async close() {
      state = 'disabled';
    },
  };
}
