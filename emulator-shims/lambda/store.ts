import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { fromSafeFileName, isRegionName, type Scope } from '../shared/index.js';
import type { FunctionPolicyDocument } from './function-policy.js';
import { codeDirectory, functionDirectory, optDirectory } from './state-paths.js';

/** Everything the emulator keeps about one function. */
export interface StoredFunction {
  configuration: FunctionConfiguration;
  tags: Record<string, string>;
  /** The unzipped size of the current code, for the limit on code and layers together. */
  codeUnzippedBytes?: number;
  /** The function's resource-based policy (AddPermission), when it has statements. */
  policy?: FunctionPolicyDocument;
}

/**
 * Function records per account and region, in memory, written through to
 * `<state>/lambda/<account>/<region>/functions/<name>/function.json` (see state-paths.ts), so a
 * restarted endpoint keeps its functions. Code versions sit beside the record, one folder per hash.
 */
export class FunctionStore {
  readonly #stateDir: string;
  readonly #functions = new Map<string, Map<string, StoredFunction>>();

  constructor(stateDir: string) {
    this.#stateDir = stateDir;
    this.#load();
  }

  get(scope: Scope, name: string): StoredFunction | undefined {
    return this.#functions.get(scopeKey(scope))?.get(name);
  }

  list(scope: Scope): StoredFunction[] {
    const all = [...(this.#functions.get(scopeKey(scope))?.values() ?? [])];
    return all.sort((a, b) => a.configuration.FunctionName!.localeCompare(b.configuration.FunctionName!));
  }

  /** Every function of every scope (what uses a layer version, for instance). */
  all(): Array<StoredFunction & { scope: Scope }> {
    return [...this.#functions].flatMap(([key, functions]) => [...functions.values()].map((stored) => ({ ...stored, scope: parseScopeKey(key) })));
  }

  /** The unpacked code of the function's current version. */
  taskRoot(scope: Scope, stored: StoredFunction): string {
    return join(codeDirectory(this.#stateDir, scope, stored.configuration.FunctionName!, stored.configuration.CodeSha256!), 'task');
  }

  /** The function's `/opt` (its layers unpacked), or undefined when it has none. */
  optRoot(scope: Scope, stored: StoredFunction): string | undefined {
    const layers = (stored.configuration.Layers ?? []).map((layer) => layer.Arn!);
    return layers.length === 0 ? undefined : optDirectory(this.#stateDir, scope, stored.configuration.FunctionName!, layers);
  }

  async put(scope: Scope, record: StoredFunction): Promise<void> {
    // Only the record's own members: callers may hand over a resolved function with more on it.
    const stored: StoredFunction = {
      configuration: record.configuration,
      tags: record.tags,
      ...(record.codeUnzippedBytes !== undefined ? { codeUnzippedBytes: record.codeUnzippedBytes } : {}),
      ...(record.policy !== undefined ? { policy: record.policy } : {}),
    };
    const name = stored.configuration.FunctionName!;
    const key = scopeKey(scope);
    let functions = this.#functions.get(key);
    if (functions === undefined) this.#functions.set(key, (functions = new Map()));
    functions.set(name, stored);
    const dir = functionDirectory(this.#stateDir, scope, name);
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'function.json');
    // Write then rename, so a crash leaves the old record or the new one, never half of one.
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(stored, null, 2)}\n`);
    await rename(temporary, file);
  }

  async delete(scope: Scope, name: string): Promise<void> {
    this.#functions.get(scopeKey(scope))?.delete(name);
    await rm(functionDirectory(this.#stateDir, scope, name), { recursive: true, force: true });
  }

  // Synchronous on purpose: it runs once, while the service is being created, before any request.
  #load(): void {
    const root = join(this.#stateDir, 'lambda');
    mkdirSync(root, { recursive: true });
    for (const account of folders(root)) {
      const accountId = fromSafeFileName(account);
      if (accountId === undefined || !/^\d{12}$/.test(accountId)) continue;
      for (const region of folders(join(root, account))) {
        const regionName = fromSafeFileName(region);
        if (regionName === undefined || !isRegionName(regionName)) continue;
        const scope = { accountId, region: regionName };
        const functionsDir = join(root, account, region, 'functions');
        for (const entry of folders(functionsDir)) {
          try {
            const stored = JSON.parse(readFileSync(join(functionsDir, entry, 'function.json'), 'utf8')) as StoredFunction;
            const name = stored.configuration?.FunctionName;
            if (typeof name !== 'string' || fromSafeFileName(entry) !== name) continue;
            let functions = this.#functions.get(scopeKey(scope));
            if (functions === undefined) this.#functions.set(scopeKey(scope), (functions = new Map()));
            functions.set(name, stored);
          } catch {
            // A folder without a readable record is a create that never finished; it holds no function.
          }
        }
      }
    }
  }
}

function scopeKey(scope: Scope): string {
  return `${scope.accountId}/${scope.region}`;
}

function parseScopeKey(key: string): Scope {
  const [accountId, region] = key.split('/') as [string, string];
  return { accountId, region };
}

function folders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return [];
  }
}
