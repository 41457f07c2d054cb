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
  | 'AddPermission'
  | 'RemovePermission'
  | 'TagResource'
  | 'UntagResource'
  | 'PublishLayerVersion'
  | 'ListLayerVersions'
  | 'GetLayerVersion'
  | 'GetLayerVersionByArn'
  | 'GetLayerVersionContent'
  | 'DeleteLayerVersion'
  | 'ListLayers';

export interface Route {
  operation: OperationName;
  /** The FunctionName or LayerName path parameter (URL-decoded) or, for tags, the resource ARN. */
  target?: string;
  /** The second path parameter: a layer's VersionNumber, or RemovePermission's StatementId. */
  version?: string;
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
  { method: 'POST', pattern: /^\/2015-03-31\/functions\/([^/]+)\/policy\/?$/, operation: 'AddPermission' },
  { method: 'DELETE', pattern: /^\/2015-03-31\/functions\/([^/]+)\/policy\/([^/]+)$/, operation: 'RemovePermission' },
  { method: 'GET', pattern: /^\/2020-06-30\/functions\/([^/]+)\/code-signing-config\/?$/, operation: 'GetFunctionCodeSigningConfig' },
  { method: 'GET', pattern: /^\/2015-03-31\/functions\/([^/]+)\/?$/, operation: 'GetFunction' },
  { method: 'DELETE', pattern: /^\/2015-03-31\/functions\/([^/]+)\/?$/, operation: 'DeleteFunction' },
  { method: 'GET', pattern: /^\/2017-03-31\/tags\/(.+)$/, operation: 'ListTags' },
  { method: 'POST', pattern: /^\/2017-03-31\/tags\/(.+)$/, operation: 'TagResource' },
  { method: 'DELETE', pattern: /^\/2017-03-31\/tags\/(.+)$/, operation: 'UntagResource' },
  { method: 'POST', pattern: /^\/2018-10-31\/layers\/([^/]+)\/versions\/?$/, operation: 'PublishLayerVersion' },
  { method: 'GET', pattern: /^\/2018-10-31\/layers\/([^/]+)\/versions\/?$/, operation: 'ListLayerVersions' },
  { method: 'GET', pattern: /^\/2018-10-31\/layers\/([^/]+)\/versions\/([^/]+)\/content\.zip$/, operation: 'GetLayerVersionContent' },
  { method: 'GET', pattern: /^\/2018-10-31\/layers\/([^/]+)\/versions\/([^/]+)\/?$/, operation: 'GetLayerVersion' },
  { method: 'DELETE', pattern: /^\/2018-10-31\/layers\/([^/]+)\/versions\/([^/]+)\/?$/, operation: 'DeleteLayerVersion' },
  { method: 'GET', pattern: /^\/2018-10-31\/layers\/?$/, operation: 'ListLayers' },
];

/** Finds the operation for a method, path and query; undefined when none matches. */
export function matchRoute(method: string, path: string, query?: URLSearchParams): Route | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    // ListLayers and GetLayerVersionByArn share a path; the query tells them apart.
    const operation = route.operation === 'ListLayers' && query?.get('find') === 'LayerVersion' ? 'GetLayerVersionByArn' : route.operation;
    return {
      operation,
      ...(match[1] !== undefined ? { target: decodeParameter(match[1]) } : {}),
      ...(match[2] !== undefined ? { version: decodeParameter(match[2]) } : {}),
    };
  }
  return undefined;
}

// A malformed escape (`%ZZ`) stays as sent: the parameter's own validation then refuses it with a 400.
function decodeParameter(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
