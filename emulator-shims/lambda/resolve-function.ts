import { functionArn, parseFunctionReference } from './arn.js';
import type { LambdaContext } from './context.js';
import { functionNotFound, invalidParameterValue, lambdaValidationError } from './errors.js';
import type { Scope } from '../shared/index.js';
import type { StoredFunction } from './store.js';

/**
 * Finds the function a FunctionName parameter (name, partial or full ARN, optional qualifier) names.
 * Only $LATEST exists locally, so any other qualifier is an unknown version.
 */
export function resolveFunction(context: LambdaContext, scope: Scope, target: string | undefined, qualifierParameter?: string | null): StoredFunction & { qualifier?: string } {
  if (target !== undefined && target.length > 170) {
    throw lambdaValidationError([`Value '${target.slice(0, 200)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 170`]);
  }
  const reference = target === undefined ? undefined : parseFunctionReference(target);
  if (reference === undefined || reference.name.length > 64) {
    throw lambdaValidationError([`Value '${(target ?? 'null').slice(0, 200)}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`]);
  }
  const qualifier = qualifierParameter ?? reference.qualifier;
  if (qualifierParameter && reference.qualifier && qualifierParameter !== reference.qualifier) {
    throw invalidParameterValue('The derived qualifier from the function name does not match the specified qualifier.');
  }
  // An ARN names its own account and region; only functions of the call's scope are found.
  const scoped = (reference.accountId ?? scope.accountId) === scope.accountId && (reference.region ?? scope.region) === scope.region;
  const stored = scoped ? context.store.get(scope, reference.name) : undefined;
  if (stored === undefined) throw functionNotFound(functionArn(scope, reference.name, qualifier));
  if (qualifier !== undefined && qualifier !== '$LATEST') throw functionNotFound(functionArn(scope, reference.name, qualifier));
  return qualifier === undefined ? stored : { ...stored, qualifier };
}
