import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

export interface LogStream {
  name: string;
  creationTime: number;
  events: LogEvent[];
}

export interface LogGroup {
  name: string;
  arn: string;
  creationTime: number;
  retentionInDays?: number;
  tags: Record<string, string>;
  streams: Record<string, LogStream>;
}

/** CloudWatch Logs state for one endpoint, persisted as one JSON file (small: local logs only). */
export interface LogsStore {
  groups: Map<string, LogGroup>;
  save(): void;
  /** Writes pending changes now (on close). */
  flush(): void;
}

// Old events are dropped past this count per stream, so a long `make up` session stays small.
export const MAX_EVENTS_PER_STREAM = 10_000;

export function openLogsStore(stateDir: string): LogsStore {
  const dir = join(stateDir, 'cloudwatch-logs');
  const file = join(dir, 'groups.json');
  mkdirSync(dir, { recursive: true });
  const groups = new Map<string, LogGroup>();
  if (existsSync(file)) {
    for (const group of JSON.parse(readFileSync(file, 'utf8')) as LogGroup[]) groups.set(group.name, group);
  }
  let pending: NodeJS.Timeout | undefined;
  const writeNow = (): void => {
    pending = undefined;
    writeFileSync(`${file}.tmp`, JSON.stringify([...groups.values()]));
    renameSync(`${file}.tmp`, file);
  };
  return {
    groups,
    // Control-plane changes are rare; event writes are frequent, so writes are coalesced.
    save() {
      pending ??= setTimeout(writeNow, 200);
      pending.unref?.();
    },
    flush() {
      if (!pending) return;
      clearTimeout(pending);
      writeNow();
    },
  };
}
