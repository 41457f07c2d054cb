import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { replacementForDeprecatedRuntime, runnableRuntimes, runtimeFamily } from '../emulator-shims/lambda/index.js';

/**
 * Pure over the file system: why a handler setting names no function in the code, in the words Lambda's
 * runtime would use when the first invocation failed; undefined when it does name one. A zip is not
 * looked into (Lambda checks it at the first invocation, and so does the local endpoint).
 */
export function handlerProblem(code: string, runtime: string, handler: string): string | undefined {
  if (!existsSync(code) || (code.endsWith('.zip') && statSync(code).isFile())) return undefined;
  const isFile = statSync(code).isFile();
  const dot = handler.lastIndexOf('.');
  if (dot <= 0 || dot === handler.length - 1) return `"${handler}" is not <module>.<function> (Lambda would answer Runtime.MalformedHandlerName)`;
  const source = (candidates: string[]): { file: string; text: string } | undefined => {
    for (const candidate of candidates) {
      const file = isFile ? (basename(code) === candidate ? code : undefined) : join(code, candidate);
      if (file !== undefined && existsSync(file) && statSync(file).isFile()) return { file: candidate, text: readFileSync(file, 'utf8') };
    }
    return undefined;
  };
  if (runtime.startsWith('python')) {
    const modulePath = handler.slice(0, dot).replaceAll('.', '/');
    const name = handler.slice(dot + 1);
    const found = source([`${modulePath}.py`, `${modulePath}/__init__.py`]);
    if (found === undefined) return `"${handler}" names module ${modulePath.replaceAll('/', '.')}, but there is no ${modulePath}.py in ${code} (Lambda would answer Runtime.ImportModuleError: Unable to import module '${modulePath}')`;
    const defines = new RegExp(`^(?:async\\s+)?def\\s+${escape(name)}\\s*\\(|^${escape(name)}\\s*=`, 'm');
    if (!defines.test(found.text)) return `"${handler}": ${found.file} defines no ${name} (Lambda would answer Runtime.HandlerNotFound: Handler '${name}' missing on module '${modulePath}')`;
    return undefined;
  }
  // Node.js: `<path>/<module>.<export>`; the export may be nested (`module.a.b`), its first part is checked.
  const slash = handler.lastIndexOf('/');
  const rest = handler.slice(slash + 1);
  const firstDot = rest.indexOf('.');
  const modulePath = handler.slice(0, slash + 1) + rest.slice(0, firstDot);
  const name = rest.slice(firstDot + 1).split('.')[0]!;
  const found = source(['.js', '.mjs', '.cjs'].map((extension) => `${modulePath}${extension}`));
  if (found === undefined) return `"${handler}" names module ${modulePath}, but there is no ${modulePath}.js, .mjs or .cjs in ${code} (Lambda would answer Runtime.ImportModuleError: Cannot find module '${modulePath}')`;
  const exported = new RegExp(
    `export\\s+(?:async\\s+)?(?:function\\*?|const|let|var|class)\\s+${escape(name)}\\b|export\\s*\\{[^}]*\\b${escape(name)}\\b[^}]*\\}|exports\\.${escape(name)}\\s*=|module\\.exports\\s*=`,
  );
  if (!exported.test(found.text)) return `"${handler}": ${found.file} exports no ${name} (Lambda would answer Runtime.HandlerNotFound: ${handler} is undefined or not exported)`;
  return undefined;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The handler Lambda's console starts a function of this runtime with. */
export function defaultHandler(runtime: string): string {
  return runtime.startsWith('python') ? 'lambda_function.lambda_handler' : 'index.handler';
}

/** Pure: why a runtime cannot be used for a new function, in AWS's words; undefined when it can. */
export function runtimeProblem(runtime: string): string | undefined {
  const replacement = replacementForDeprecatedRuntime(runtime);
  if (replacement !== undefined) {
    return `${runtime} is no longer accepted by AWS Lambda (InvalidParameterValueException: The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use the new runtime (${replacement}) while creating or updating functions.)`;
  }
  if (runtimeFamily(runtime) === undefined) return `${runtime} is not a runtime hosepipe runs (${runnableRuntimes().join(', ')})`;
  return undefined;
}
