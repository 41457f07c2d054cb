import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError, QUERY_NAMESPACES, readQueryParams, renderQueryResponse, sendAwsError, xmlElement, type Scope, type ServiceHandler, type ServiceStatus } from '../shared/index.js';

const NAMESPACE = QUERY_NAMESPACES.sts!;

/** STS over the query protocol: GetCallerIdentity answers the local account's root, whatever the credentials. */
export function createStsService(options: { scope: Scope }): ServiceHandler {
  let state: ServiceStatus = 'running';
  const account = options.scope.accountId;
  const operations: Record<string, () => string> = {
    GetCallerIdentity: () => xmlElement('Arn', `arn:aws:iam::${account}:root`) + xmlElement('UserId', account) + xmlElement('Account', account),
  };
  return {
    name: 'sts',
    async handle(request: IncomingMessage, response: ServerResponse) {
      try {
        const params = await readQueryParams(request);
        const action = params.get('Action') ?? '';
        const operation = operations[action];
        if (!operation) throw new AwsError('InvalidAction', `Could not find operation ${action} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`, 400);
        const requestId = crypto.randomUUID();
        const body = Buffer.from(renderQueryResponse(action, NAMESPACE, operation(), requestId));
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
