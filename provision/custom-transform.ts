import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { replacementForDeprecatedRuntime, runnableRuntimes, runtimeFamily } from '../emulator-shims/lambda/index.js';
import type { PipelineConfig } from './config.js';
import type { TransformArtifact } from './desired.js';
import { layerArtifacts } from './layers.js';
import { zipSources } from './zip-sources.js';

/** The team's own transform as hosepipe.yaml names it (`transform.code` and its neighbours). */
export interface CustomTransform {
  /** An absolute path: a source folder, a single file, or a zip. */
  code: string;
  runtime: string;
  handler: string;
  environment: Record<string, string>;
  /** In order: absolute paths of layer folders or zips the project owns, or layer version ARNs. */
  layers: string[];
}

/**
 * The zip of a team's function, the one artifact deployed locally and to AWS: a zip as it is, a single
 * file at the zip's root, or a folder's files (sorted, fixed times, execute bits kept; `.git` and
 * `__pycache__` left out). Its layers are read the same way.
 */
export function customTransformArtifact(transform: CustomTransform): TransformArtifact {
  const zip = transform.code.endsWith('.zip') && statSync(transform.code).isFile() ? new Uint8Array(readFileSync(transform.code)) : zipSources(transform.code);
  return {
    zip,
    sha256: createHash('sha256').update(zip).digest('base64'),
    handler: transform.handler,
    runtime: transform.runtime,
    environment: { ...transform.environment },
    layers: layerArtifacts(transform.layers),
  };
}

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

/** The team's function hosepipe.yaml names, or undefined for the built-in transform. */
export function customTransformOf(config: PipelineConfig): CustomTransform | undefined {
  const { code, runtime, handler, environment, layers } = config.transform;
  if (code === undefined || runtime === undefined) return undefined;
  return { code, runtime, handler: handler ?? defaultHandler(runtime), environment, layers };
}
