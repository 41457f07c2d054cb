import type { Operation } from '../context.js';
import { resolveFunction } from '../resolve-function.js';

export const getFunctionConfiguration: Operation = async (context, request) => {
  const stored = resolveFunction(context, request.scope, request.target, request.query.get('Qualifier'));
  return { status: 200, json: stored.configuration };
};
