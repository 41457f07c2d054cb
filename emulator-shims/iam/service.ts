import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError, QUERY_NAMESPACES, readQueryParams, renderQueryResponse, sendAwsError, type Scope, type ServiceHandler, type ServiceStatus } from '../shared/index.js';
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
  let state: ServiceStatus = 'running';
  return {
    name: 'iam',
    async handle(request: IncomingMessage, response: ServerResponse) {
      try {
        const params = await readQueryParams(request);
        const action = params.get('Action') ?? '';
        const operation = OPERATIONS[action];
        if (!operation) throw new AwsError('InvalidAction', `Could not find operation ${action} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`, 400);
        const requestId = crypto.randomUUID();
        const body = Buffer.from(renderQueryResponse(action, NAMESPACE, operation({ store, scope: options.scope, params, now }), requestId));
        response.writeHead(200, { 'content-type': 'text/xml', 'content-length': String(body.length), 'x-amzn-requestid': requestId }).end(body);
      } catch (error) {
        sendAwsError(response, error, 'query', { namespace: NAMESPACE });
      }
    },
    status: () => state,
    async close() {
      state = 'disabled';
    },
  };
}
