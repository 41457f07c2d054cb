import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GetLayerVersionResponse } from '@aws-sdk/client-lambda';
import { fromSafeFileName, safeFileName, type Scope } from '../../shared/index.js';
import { layersDirectory, layerVersionDirectory } from '../state-paths.js';

/** One published layer version as the store keeps it: Lambda's description plus its unzipped size. */
export interface StoredLayerVersion {
  description: Omit<GetLayerVersionResponse, '$metadata'>;
  unzippedBytes: number;
}

interface LayerRecord {
  /** The last version number handed out; Lambda never reuses one, even after deletions. */
  latestVersion: number;
  versions: Map<number, StoredLayerVersion>;
}

/**
 * Layers per account and region: each version's record in `layer.json`, its zip and its unpacked content
 * beside it (state-paths.ts), and the layer's version counter in `<layer>/latest.json`.
 */
export class LayerStore {
  readonly #stateDir: string;
  readonly #layers = new Map<string, LayerRecord>();

  constructor(stateDir: string) {
    this.#stateDir = stateDir;
  }

  get(scope: Scope, name: string, version: number): StoredLayerVersion | undefined {
    return this.#record(scope, name)?.versions.get(version);
  }

  /** The versions of a layer, newest first. */
  versions(scope: Scope, name: string): StoredLayerVersion[] {
    return [...(this.#record(scope, name)?.versions.values() ?? [])].sort((a, b) => b.description.Version! - a.description.Version!);
  }

  /** Every layer name of a scope that has at least one version, sorted. */
  names(scope: Scope): string[] {
    this.#loadScope(scope);
    const prefix = `${scope.accountId}/${scope.region}/`;
    return [...this.#layers].filter(([key, record]) => key.startsWith(prefix) && record.versions.size > 0).map(([key]) => key.slice(prefix.length)).sort();
  }

  /** Hands out the next version number of a layer and persists the counter before anything uses it. */
  async nextVersion(scope: Scope, name: string): Promise<number> {
    const record = this.#record(scope, name, true)!;
    record.latestVersion += 1;
    const dir = join(layersDirectory(this.#stateDir, scope), safeFileName(name));
    await mkdir(dir, { recursive: true });
    await writeAtomically(join(dir, 'latest.json'), JSON.stringify({ latestVersion: record.latestVersion }));
    return record.latestVersion;
  }

  /** The folder a version's zip and content live in. */
  folder(scope: Scope, name: string, version: number): string {
    return layerVersionDirectory(this.#stateDir, scope, name, version);
  }

  async put(scope: Scope, name: string, stored: StoredLayerVersion): Promise<void> {
    const version = stored.description.Version!;
    const dir = this.folder(scope, name, version);
    await mkdir(dir, { recursive: true });
    await writeAtomically(join(dir, 'layer.json'), `${JSON.stringify(stored, null, 2)}\n`);
    this.#record(scope, name, true)!.versions.set(version, stored);
  }

  async delete(scope: Scope, name: string, version: number): Promise<void> {
    this.#record(scope, name)?.versions.delete(version);
    await rm(this.folder(scope, name, version), { recursive: true, force: true });
  }

  #record(scope: Scope, name: string, create = false): LayerRecord | undefined {
    this.#loadScope(scope);
    const key = `${scope.accountId}/${scope.region}/${name}`;
    let record = this.#layers.get(key);
    if (record === undefined && create) this.#layers.set(key, (record = { latestVersion: 0, versions: new Map() }));
    return record;
  }

  readonly #loaded = new Set<string>();

  // Each scope's folder is read once, on first use (synchronously, so no request sees half of it).
  #loadScope(scope: Scope): void {
    const scopeKey = `${scope.accountId}/${scope.region}`;
    if (this.#loaded.has(scopeKey)) return;
    this.#loaded.add(scopeKey);
    const root = layersDirectory(this.#stateDir, scope);
    for (const entry of folders(root)) {
      const name = fromSafeFileName(entry);
      if (name === undefined) continue;
      const record: LayerRecord = { latestVersion: 0, versions: new Map() };
      try {
        record.latestVersion = (JSON.parse(readFileSync(join(root, entry, 'latest.json'), 'utf8')) as { latestVersion: number }).latestVersion;
      } catch {
        // No counter yet: the versions on disk say how far it went.
      }
      for (const versionFolder of folders(join(root, entry))) {
        try {
          const stored = JSON.parse(readFileSync(join(root, entry, versionFolder, 'layer.json'), 'utf8')) as StoredLayerVersion;
          if (String(stored.description.Version) !== versionFolder) continue;
          record.versions.set(stored.description.Version!, stored);
          record.latestVersion = Math.max(record.latestVersion, stored.description.Version!);
        } catch {
          // A version whose publishing never finished holds nothing.
        }
      }
      this.#layers.set(`${scopeKey}/${name}`, record);
    }
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

function folders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return [];
  }
}
