import { s3Operation } from '../s3/index.js';
import type { RouteInput } from './route.js';

/**
 * Pure: the AWS operation a request calls, found from its line and headers only (never the body),
 * so fault rules can match before a service reads anything. Query-protocol services (IAM, STS)
 * name the operation in the form body; for them this answers the `Action` of the URL, if any.
 */
export function findOperation(service: string, input: RouteInput): string | undefined {
  switch (service) {
    case 'kinesis':
    case 'firehose':
      return header(input.headers, 'x-amz-target')?.split('.')[1];
    case 'lambda':
      return lambdaOperation(input.method, input.path);
    case 's3':
      return s3Operation(input);
    default:
      return input.query.get('Action') ?? undefined;
  }
}

function lambdaOperation(method: string, path: string): string | undefined {
  if (/^\/20\d\d-\d\d-\d\d\/tags\/./.test(path)) return ({ GET: 'ListTags', POST: 'TagResource', DELETE: 'UntagResource' } as Record<string, string>)[method];
  const layer = /^\/20\d\d-\d\d-\d\d\/layers(?:\/[^/]+\/versions(\/[^/]+)?)?\/?$/.exec(path);
  if (layer) {
    if (path.endsWith('/layers') || path.endsWith('/layers/')) return method === 'GET' ? 'ListLayers' : undefined;
    return (layer[1] ? { GET: 'GetLayerVersion', DELETE: 'DeleteLayerVersion' } : { GET: 'ListLayerVersions', POST: 'PublishLayerVersion' } as Record<string, string>)[method];
  }
  if (method === 'DELETE' && /^\/20\d\d-\d\d-\d\d\/functions\/[^/]+\/policy\/[^/]+$/.test(path)) return 'RemovePermission';
  const match = /^\/20\d\d-\d\d-\d\d\/functions(?:\/([^/]+)(?:\/([^/]+))?)?\/?$/.exec(path);
  if (!match) return undefined;
  const [, name, sub] = match;
  if (!name) return method === 'POST' ? 'CreateFunction' : 'ListFunctions';
  const table: Record<string, Record<string, string>> = {
    '': { GET: 'GetFunction', DELETE: 'DeleteFunction' },
    invocations: { POST: 'Invoke' },
    'invoke-async': { POST: 'InvokeAsync' },
    configuration: { GET: 'GetFunctionConfiguration', PUT: 'UpdateFunctionConfiguration' },
    code: { PUT: 'UpdateFunctionCode' },
    versions: { GET: 'ListVersionsByFunction', POST: 'PublishVersion' },
    policy: { GET: 'GetPolicy', POST: 'AddPermission' },
    concurrency: { PUT: 'PutFunctionConcurrency', DELETE: 'DeleteFunctionConcurrency' },
  };
  return table[sub ?? '']?.[method];
}

function header(headers: RouteInput['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
