import type { AuthorizationRequest } from '../../../shared/index.js';
import { ask, member, partitionOf, type RequestFacts } from './request-line.js';

const FUNCTION_PATH = /^\/20\d\d-\d\d-\d\d\/functions\/([^/]+)/;
const LAYER_PATH = /^\/20\d\d-\d\d-\d\d\/layers\/([^/]+)(?:\/versions\/(\d+))?/;
const TAGS_PATH = /^\/20\d\d-\d\d-\d\d\/tags\/(.+)$/;
// Operations whose action is not `lambda:<Operation>`.
const ACTIONS: Record<string, string> = { Invoke: 'lambda:InvokeFunction', InvokeAsync: 'lambda:InvokeFunction' };
// Actions that take no resource (the Service Authorization Reference lists none for them).
const ACCOUNT_LEVEL = new Set(['ListFunctions', 'ListLayers', 'ListLayerVersions']);

export interface LambdaFacts extends RequestFacts {
  /** The function's stored policy (AddPermission), when the function exists. */
  functionPolicy?: (functionArn: string) => string | undefined;
}

/** Pure: the function ARN a path's name names (a name, a partial or a full ARN, with a qualifier or not). */
export function functionArnOf(name: string, qualifier: string | null, scope: RequestFacts['scope']): string {
  if (name.startsWith('arn:')) return qualifier ? `${name}:${qualifier}` : name;
  const [account, plain] = /^\d{12}:function:/.test(name) ? [name.slice(0, 12), name.slice(22)] : [scope.accountId, name];
  const qualified = qualifier && !plain.includes(':') ? `${plain}:${qualifier}` : plain;
  return `arn:${partitionOf(scope.region)}:lambda:${scope.region}:${account}:function:${qualified}`;
}

/**
 * Lambda operations → `lambda:<Operation>` (Invoke: `lambda:InvokeFunction`) on the function's ARN as the
 * caller named it (a qualified name is evaluated on the qualified ARN, as on AWS), with the function's
 * policy as the resource policy; CreateFunction and UpdateFunctionConfiguration with a Role also need
 * `iam:PassRole` on that role.
 */
export function lambdaRequests(facts: LambdaFacts): AuthorizationRequest[] | undefined {
  const { operation, path, query, scope, body } = facts;
  const action = ACTIONS[operation] ?? `lambda:${operation}`;
  if (ACCOUNT_LEVEL.has(operation)) return [ask(action, '*', scope)];
  const passRole = (): AuthorizationRequest[] => {
    const role = member(body, 'Role');
    return role ? [ask('iam:PassRole', role, scope, { 'iam:PassedToService': 'lambda.amazonaws.com' })] : [];
  };
  if (operation === 'CreateFunction') {
    const name = member(body, 'FunctionName');
    return name === undefined ? undefined : [ask(action, functionArnOf(name, null, scope), scope), ...passRole()];
  }
  const tags = TAGS_PATH.exec(path);
  if (tags) return [ask(action, decodeURIComponent(tags[1]!), scope)];
  const layer = LAYER_PATH.exec(path);
  if (layer) {
    const base = `arn:${partitionOf(scope.region)}:lambda:${scope.region}:${scope.accountId}:layer:${decodeURIComponent(layer[1]!)}`;
    return [ask(action, layer[2] ? `${base}:${layer[2]}` : base, scope)];
  }
  const fn = FUNCTION_PATH.exec(path);
  if (!fn) return undefined;
  const arn = functionArnOf(decodeURIComponent(fn[1]!), query.get('Qualifier'), scope);
  const policy = facts.functionPolicy?.(arn);
  const request: AuthorizationRequest = { ...ask(action, arn, scope), ...(policy === undefined ? {} : { resourcePolicy: policy }) };
  return operation === 'UpdateFunctionConfiguration' ? [request, ...passRole()] : [request];
}
