/**
 * Where a persisted stream lives: `<root>/<account>/<region>/<stream>/`, each part a safeFileName (a
 * stream may be called `..`), holding `stream.json` (settings and shards, rewritten atomically on every
 * change) and one log per shard. Loading trusts a folder only when its settings name the same account,
 * region and stream that the folder's own names encode.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRegionName, safeFileName, type Scope } from '../shared/index.js';
import { ShardLog } from './shard-log.js';
import type { ShardShape } from './shard.js';
import type { Stream, StreamSettings } from './stream.js';

const SETTINGS_FILE = 'stream.json';
const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
const ACCOUNT = /^\d{12}$/;

/** A shard as `stream.json` keeps it (hash keys as decimal text). */
type SavedShard = Omit<ShardShape, 'start' | 'end'> & { start: string; end: string };

export interface SavedStream {
  settings: StreamSettings;
  shards: ShardShape[];
  folder: string;
}

export class StreamFiles {
  constructor(private readonly root: string) {}

  folderOf(scope: Scope, name: string): string {
    return join(this.root, safeFileName(scope.accountId), safeFileName(scope.region), safeFileName(name));
  }

  shardLog(scope: Scope, name: string, shardId: string): ShardLog {
    return new ShardLog(this.folderOf(scope, name), shardId);
  }

  save(stream: Stream): void {
    const folder = this.folderOf(stream.scope, stream.name);
    mkdirSync(folder, { recursive: true });
    const shards: SavedShard[] = stream.shards.map((shard) => ({ ...shard.shape, start: shard.shape.start.toString(), end: shard.shape.end.toString() }));
    const path = join(folder, SETTINGS_FILE);
    writeFileSync(`${path}.tmp`, JSON.stringify({ settings: stream.settings, shards }));
    renameSync(`${path}.tmp`, path);
  }

  remove(scope: Scope, name: string): void {
    rmSync(this.folderOf(scope, name), { recursive: true, force: true });
  }

  /** Every stream saved under the root whose folder and settings agree; anything else is left alone. */
  loadAll(): SavedStream[] {
    const found: SavedStream[] = [];
    for (const account of subfolders(this.root)) {
      for (const region of subfolders(join(this.root, account))) {
        for (const name of subfolders(join(this.root, account, region))) {
          const folder = join(this.root, account, region, name);
          const saved = readSaved(join(folder, SETTINGS_FILE));
          if (!saved) continue;
          const { settings } = saved;
          const matches = ACCOUNT.test(settings.accountId) && isRegionName(settings.region) && STREAM_NAME.test(settings.name)
            && safeFileName(settings.accountId) === account && safeFileName(settings.region) === region && safeFileName(settings.name) === name;
          if (matches) found.push({ settings, shards: saved.shards, folder });
        }
      }
    }
    return found;
  }
}

function subfolders(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

function readSaved(path: string): { settings: StreamSettings; shards: ShardShape[] } | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { settings?: StreamSettings; shards?: SavedShard[] };
    if (!parsed.settings || !Array.isArray(parsed.shards)) return undefined;
    const shards = parsed.shards.map((shard, index) => ({ ...shard, index, start: BigInt(shard.start), end: BigInt(shard.end) }));
    return { settings: parsed.settings, shards };
  } catch {
    // Missing or damaged settings: the folder is not a stream this store can serve.
    return undefined;
  }
}
