import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { codeDirectory, taskRoot } from './code-package.js';

/** Everything the emulator keeps about one function. */
export interface StoredFunction {
  configuration: FunctionConfiguration;
  tags: Record<string, string>;
}

/**
 * Function records in memory, written through to `<stateDir>/lambda/<name>/function.json`, so a
 * restarted endpoint keeps its functions. Code versions sit beside the record, one folder per hash.
 */
export class FunctionStore {
  readonly #root: string;
  readonly #stateDir: string;
  readonly #functions = new Map<string, StoredFunction>();

  constructor(stateDir: string) {
    this.#stateDir = stateDir;
    this.#root = join(stateDir, 'lambda');
    this.#load();
  }

  get(name: string): StoredFunction | undefined {
    return this.#functions.get(name);
  }

  list(): StoredFunction[] {
    return [...this.#functions.values()].sort((a, b) => a.configuration.FunctionName!.localeCompare(b.configuration.FunctionName!));
  }

  /** The unpacked code of the function's current version. */
  taskRoot(stored: StoredFunction): string {
    return taskRoot(codeDirectory(this.#stateDir, stored.configuration.FunctionName!, stored.configuration.CodeSha256!));
  }

  async put(stored: StoredFunction): Promise<void> {
    const name = stored.configuration.FunctionName!;
    this.#functions.set(name, stored);
    const dir = join(this.#root, name);
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'function.json');
    // Write then rename, so a crash leaves the old record or the new one, never half of one.
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(stored, null, 2)}\n`);
    await rename(temporary, file);
  }

  async delete(name: string): Promise<void> {
    this.#functions.delete(name);
    await rm(join(this.#root, name), { recursive: true, force: true });
  }

  // Synchronous on purpose: it runs once, while the service is being created, before any request.
  #load(): void {
    mkdirSync(this.#root, { recursive: true });
    for (const entry of readdirSync(this.#root, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      try {
        const stored = JSON.parse(readFileSync(join(this.#root, entry.name, 'function.json'), 'utf8')) as StoredFunction;
        if (stored.configuration?.FunctionName === entry.name) this.#functions.set(entry.name, stored);
      } catch {
        // A folder without a readable record is a create that never finished; it holds no function.
      }
    }
  }
}
