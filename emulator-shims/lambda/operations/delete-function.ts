import type { Operation } from '../context.js';
import { invalidParameterValue } from '../errors.js';
import { resolveFunction } from '../resolve-function.js';

export const deleteFunction: Operation = async (context, request) => {
  const stored = resolveFunction(context, request.scope, request.target, request.query.get('Qualifier'));
  if (stored.qualifier === '$LATEST') throw invalidParameterValue('$LATEST version cannot be deleted without deleting the function.');
  const name = stored.configuration.FunctionName!;
  await context.runner.replace(request.scope, name);
  await context.store.delete(request.scope, name);
  return { status: 204 };
};
