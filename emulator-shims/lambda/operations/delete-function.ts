import type { Operation } from '../context.js';
import { invalidParameterValue } from '../errors.js';
import { resolveFunction } from '../resolve-function.js';

export const deleteFunction: Operation = async (context, request) => {
  const stored = resolveFunction(context, request.target, request.query.get('Qualifier'));
  if (stored.qualifier === '$LATEST') throw invalidParameterValue('$LATEST version cannot be deleted without deleting the function.');
  const name = stored.configuration.FunctionName!;
  await context.runner.replace(name);
  await context.store.delete(name);
  return { status: 204 };
};
