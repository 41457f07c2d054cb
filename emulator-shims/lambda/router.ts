/** The Lambda operations this shim answers. */
export type OperationName =
  | 'CreateFunction'
  | 'ListFunctions'
  | 'GetFunction'
  | 'GetFunctionConfiguration'
  | 'UpdateFunctionConfiguration'
  | 'UpdateFunctionCode'
  | 'DeleteFunction'
  | 'Invoke'
  | 'GetFunctionCodeZip'
  | 'ListTags'
  | 'ListVersionsByFunction'
  | 'GetFunctionCodeSigningConfig'
  | 'GetPolicy'
  | 'TagResource'
  | 'UntagResource';

export interface Route {
  operation: OperationName;
  /** The FunctionName path parameter (URL-decoded) or, for tags, the resource ARN. */
  target?: string;
}

const ROUTES: Array<{ method: string; pattern: RegExp; operation: OperationName }> = [
  { method: 'POST', pattern: /^\/2015-03-31\/functions\/?$/, operation: 'CreateFunction' },
  { method: 'GET', pattern: /^\/2015-03-31\/functions\/?$/, operation: 'ListFunctions' },
  { method: 'GET', pattern: /^\/2015-03-31\/functions\/([^/]+)\/code\.zip$/, operation: 'GetFunctionCodeZip' },
  { method: 'GET', pattern: /^\/2015-03-31\/functions\/([^/]+)\/configuration\/?$/, operation: 'GetFunctionConfiguration' },
  { method: 'PUT', pattern: /^\/2015-03-31\/functions\/([^/]+)\/configuration\/?$/, operation: 'UpdateFunctionConfiguration' },
  { method: 'PUT', pattern: /^\/2015-03-31\/functions\/([^/]+)\/code\/?$/, operation: 'UpdateFunctionCode' },
  { method: 'POST', pattern: /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/, operation: 'Invoke' },
  { method: 'GET', pattern: /^\/2015-03-31\/functions\/([^/]+)\/versions\/?$/, operation: 'ListVersionsByFunction' },
  { method: 'GET', pattern: /^\/2015-03-31\/functions\/([^/]+)\/policy\/?$/, operation: 'GetPolicy' },
  { method: 'GET', pattern: /^\/2020-06-30\/functions\/([^/]+)\/code-signing-config\/?$/, operation: 'GetFunctionCodeSigningConfig' },
  { method: 'GET', pattern: /^\/2015-03-31\/functions\/([^/]+)\/?$/, operation: 'GetFunction' },
  { method: 'DELETE', pattern: /^\/2015-03-31\/functions\/([^/]+)\/?$/, operation: 'DeleteFunction' },
  { method: 'GET', pattern: /^\/2017-03-31\/tags\/(.+)$/, operation: 'ListTags' },
  { method: 'POST', pattern: /^\/2017-03-31\/tags\/(.+)$/, operation: 'TagResource' },
  { method: 'DELETE', pattern: /^\/2017-03-31\/tags\/(.+)$/, operation: 'UntagResource' },
];

/** Finds the operation for a method and path (without the query string); undefined when none matches. */
export function matchRoute(method: string, path: string): Route | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    return match[1] === undefined ? { operation: route.operation } : { operation: route.operation, target: decodeURIComponent(match[1]) };
  }
  return undefined;
}
