import type { IncomingMessage, ServerResponse } from 'node:http';
import { QUERY_NAMESPACES, serveQueryCall, type CallContext, type QueryOperation, type Scope, type ServiceHandler, type ServiceStatus } from '../shared/index.js';
import { OPERATIONS } from './operations/index.js';
import { createIamAccounts } from './store.js';

export interface IamServiceOptions {
  stateDir: string;
  /** The account of a caller the edge gives no scope (a service on a port of its own). */
  scope: Scope;
  now?: () => number;
  /** Lines about the state folder worth a look; stderr by default. */
  warn?: (line: string) => void;
}

const NAMESPACE = QUERY_NAMESPACES.iam!;

/** IAM over the query protocol: roles and their policies per account (the caller's), stored in `<stateDir>/iam/<account>/roles.json`. */
export function createIamService(options: IamServiceOptions): ServiceHandler {
  const warn = options.warn ?? ((line: string) => void process.stderr.write(`hosepipe iam: ${line}\n`));
  const accounts = createIamAccounts(options.stateDir, options.scope.accountId, warn);
  const now = options.now ?? Date.now;
  let state: ServiceStatus = 'running';
  return {
    name: 'iam',
    handle(request: IncomingMessage, response: ServerResponse, call?: CallContext) {
      // IAM is global: the account matters, the region does not.
      const scope = call?.scope ?? options.scope;
      const store = accounts.account(scope.accountId);
      const operations: Record<string, QueryOperation> = Object.fromEntries(
        Object.entries(OPERATIONS).map(([action, operation]) => [action, (params) => operation({ store, scope, params, now })]),
      );
      return serveQueryCall(request, response, NAMESPACE, operations);
    },
    status: () => state,
    async close() {
      state = 'disabled';
    },
  };
}
