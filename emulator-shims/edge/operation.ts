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
