import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { safeFileName, type Scope } from '../shared/index.js';

/**
 * Where the Lambda service keeps its files, per account and region; every request value becomes one
 * safe file name (safeFileName), so no name, account or region can reach another folder:
 *
 *     <state>/lambda/<account>/<region>/functions/<name>/function.json
 *                                                      /code/<sha256>/{code.zip, task/}
 *                                                      /opt/<layers hash>/          (the function's /opt)
 *     <state>/lambda/<account>/<region>/layers/<name>/<version>/{layer.json, content.zip, content/}
 */
export function scopeDirectory(stateDir: string, scope: Scope): string {
  return join(stateDir, 'lambda', safeFileName(scope.accountId), safeFileName(scope.region));
}

export function functionsDirectory(stateDir: string, scope: Scope): string {
  return join(scopeDirectory(stateDir, scope), 'functions');
}

export function functionDirectory(stateDir: string, scope: Scope, functionName: string): string {
  return join(functionsDirectory(stateDir, scope), safeFileName(functionName));
}

/** The folder of one code version; the hash as base64url is a safe file name. */
export function codeDirectory(stateDir: string, scope: Scope, functionName: string, sha256Base64: string): string {
  return join(functionDirectory(stateDir, scope, functionName), 'code', safeFileName(Buffer.from(sha256Base64, 'base64').toString('base64url')));
}

/** The function's `/opt`: its layers unpacked in order, one folder per distinct list of layer versions. */
export function optDirectory(stateDir: string, scope: Scope, functionName: string, layerArns: readonly string[]): string {
  const key = createHash('sha256').update(layerArns.join('\n')).digest('base64url').slice(0, 22);
  return join(functionDirectory(stateDir, scope, functionName), 'opt', key);
}

export function layersDirectory(stateDir: string, scope: Scope): string {
  return join(scopeDirectory(stateDir, scope), 'layers');
}

export function layerVersionDirectory(stateDir: string, scope: Scope, layerName: string, version: number): string {
  return join(layersDirectory(stateDir, scope), safeFileName(layerName), String(version));
}

/**
 * The function's log file: `<state>/logs/lambda/<name>.log` for the endpoint's own account and region
 * (the path the README names), `<state>/logs/lambda/<account>/<region>/<name>.log` for any other.
 */
export function functionLogFile(stateDir: string, scope: Scope, home: Scope, functionName: string): string {
  const file = `${safeFileName(functionName)}.log`;
  if (scope.accountId === home.accountId && scope.region === home.region) return join(stateDir, 'logs', 'lambda', file);
  return join(stateDir, 'logs', 'lambda', safeFileName(scope.accountId), safeFileName(scope.region), file);
}
