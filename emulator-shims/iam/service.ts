import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { QUERY_NAMESPACES, serveQueryCall, type QueryOperation, type Scope, type ServiceHandler, type ServiceStatus } from '../shared/index.js';
import { OPERATIONS } from './operations/index.js';
import { createIamStore } from './store.js';

export interface IamServiceOptions {
  stateDir: string;
  scope: Scope;
  now?: () => number;
}

const NAMESPACE = QUERY_NAMESPACES.iam!;

/** IAM over the query protocol: roles and their policies, stored in `<stateDir>/iam/roles.json`, never enforced. */
export function createIamService(options: IamServiceOptions): ServiceHandler {
  const store = createIamStore(join(options.stateDir, 'iam', 'roles.json'));
  const now = options.now ?? Date.now;
  const operations: Record<string, QueryOperation> = Object.fromEntries(
    Object.entries(OPERATIONS).map(([action, operation]) => [action, (params) => operation({ store, scope: options.scope, params, now })]),
  );
  let state: ServiceStatus = 'running';
  return {
    name: 'iam',
    handle: (request: IncomingMessage, response: ServerResponse) => serveQueryCall(request, response, NAMESPACE, operations),
    status: () => state,
    async close() {
      state = 'disabled';
    },
  };
}
