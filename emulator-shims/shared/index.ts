export { AwsError, validationError } from './aws-error.js';
export { readBody, sendAwsJson, sendAwsJsonError, sendJson, useBody } from './http.js';
export { listenOnLoopback, type ListenOptions, type StartedServer } from './listen.js';
export { createClock, type Clock } from './clock.js';
export { LOCAL_ACCOUNT_ID, rootPrincipal, type CallContext, type Principal, type Scope, type ServiceHandler, type ServiceStatus } from './service.js';
export { escapeXml, QUERY_NAMESPACES, sendAwsError, type AwsProtocol, type CborEncode } from './error-response.js';
export { parseQueryParams, readQueryParams, renderQueryResponse, serveQueryCall, xmlElement, type QueryOperation, type QueryParams } from './query-protocol.js';
export { isRegionName, requestScope, serveWithScope, signingCredential } from './request-scope.js';
export { fromSafeFileName, safeFileName } from './safe-name.js';
