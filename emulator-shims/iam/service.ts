import type { IncomingMessage, ServerResponse } from 'node:http';
import { QUERY_NAMESPACES, serveQueryCall, type CallContext, type QueryOperation, type Scope, type ServiceHandler, type ServiceStatus } from '../shared/index.js';
import { OPERATIONS } from './operations/index.js';
import { createIamAccounts, type IamAccounts } from './store.js';

export interface IamServiceOptions {
  stateDir: string;
  /** The account of a caller the edge gives no scope (a service on a port of its own). */
  scope: Scope;
  now?: () => number;
  /** Lines about the state folder worth a look; stderr by default. */
  warn?: (line: string) => void;
  /** The roles and policies of every account; the edge shares them with authorization. Made from `stateDir` when absent. */
  accounts?: IamAccounts;
}

const NAMESPACE = QUERY_NAMESPACES.iam!;
const warnOnStderr = (line: string): void => void process.stderr.write(`hosepipe iam: ${line}\n`);

/** IAM's state of an endpoint: every account's roles and policies under `<stateDir>/iam/<account>/`. */
export function openIamAccounts(stateDir: string, defaultAccountId: string, warn: (line: string) => void = warnOnStderr): IamAccounts {
  return createIamAccounts(stateDir, defaultAccountId, warn);
}

/** IAM over the query protocol: roles and their policies per account (the caller's), stored in `<stateDir>/iam/<account>/`. */
export function createIamService(options: IamServiceOptions): ServiceHandler {
  const accounts = options.accounts ?? openIamAccounts(options.stateDir, options.scope.accountId, options.warn);
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
