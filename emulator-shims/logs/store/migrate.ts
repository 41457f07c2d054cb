/**
 * Versions before per-scope folders kept every group and event in one `cloudwatch-logs/groups.json`,
 * read whole at start: past ~512 MiB it could no longer be read and crashed every start. Its groups
 * move into the default scope once (small enough to read), and the file is renamed either way.
 */
import { existsSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile, type Scope } from '../../shared/index.js';
import { isLogGroupName, isLogStreamName } from '../validation.js';
import type { LogsStore } from './logs-store.js';

/** Larger files are only renamed: reading them whole is what failed. */
const MAX_LEGACY_BYTES = 64 * 1024 * 1024;

interface LegacyGroup {
  name?: unknown;
  creationTime?: unknown;
  retentionInDays?: unknown;
  tags?: unknown;
  streams?: Record<string, { name?: unknown; creationTime?: unknown; events?: { timestamp?: unknown; message?: unknown; ingestionTime?: unknown }[] }>;
}

export function migrateLegacyGroups(store: LogsStore, scope: Scope, warn: (line: string) => void): void {
  const file = join(store.root, 'groups.json');
  if (!existsSync(file)) return;
  const size = statSync(file).size;
  const moveAside = (suffix: string): void => {
    try {
      renameSync(file, `${file}.${suffix}`);
    } catch (error) {
      warn(`could not rename ${file}: ${(error as Error).message}`);
    }
  };
  if (size > MAX_LEGACY_BYTES) {
    warn(`${file} (${size} bytes, written by an older hosepipe) is too large to import; renamed to groups.json.too-large`);
    moveAside('too-large');
    return;
  }
  const groups = readJsonFile(file, warn);
  if (!Array.isArray(groups)) {
    warn(`${file} is not a list of log groups; renamed to groups.json.unreadable`);
    moveAside('unreadable');
    return;
  }
  for (const legacy of groups as LegacyGroup[]) {
    try {
      importGroup(store, scope, legacy);
    } catch (error) {
      warn(`skipped a log group of ${file}: ${(error as Error).message}`);
    }
  }
  store.flush();
  moveAside('imported');
}

function importGroup(store: LogsStore, scope: Scope, legacy: LegacyGroup): void {
  if (typeof legacy?.name !== 'string' || !isLogGroupName(legacy.name) || store.group(scope, legacy.name)) return;
  const tags = new Map(Object.entries(legacy.tags && typeof legacy.tags === 'object' ? legacy.tags : {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const group = store.createGroup(scope, legacy.name, { tags, logGroupClass: 'STANDARD' }, typeof legacy.creationTime === 'number' ? legacy.creationTime : 0);
  if (typeof legacy.retentionInDays === 'number') {
    group.retentionInDays = legacy.retentionInDays;
    store.saveGroup(group);
  }
  for (const old of Object.values(legacy.streams ?? {})) {
    if (typeof old?.name !== 'string' || !isLogStreamName(old.name) || group.streams.has(old.name)) continue;
    const stream = store.createStream(group, old.name, typeof old.creationTime === 'number' ? old.creationTime : 0);
    for (const event of Array.isArray(old.events) ? old.events : []) {
      if (typeof event?.message !== 'string' || typeof event.timestamp !== 'number' || !Number.isFinite(event.timestamp)) continue;
      const ingestion = typeof event.ingestionTime === 'number' ? event.ingestionTime : event.timestamp;
      store.append(stream, [{ timestamp: event.timestamp, message: event.message }], ingestion);
    }
  }
}
