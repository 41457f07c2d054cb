/**
 * Loads the store's metadata (groups, streams, segment sizes) from the state folder, reading no
 * event. Anything this version did not write (a stray file, a corrupt or edited metadata file, a
 * folder whose name does not match what it holds) is skipped with a line to `warn`.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile, safeFileName, scopeFolders, subfolders, type Scope } from '../../shared/index.js';
import { isLogGroupName, isLogStreamName } from '../validation.js';
import type { GroupFile, LogGroup, LogStream, Segment, StreamFile } from './model.js';

const SEGMENT_FILE = /^(\d{12})\.jsonl$/;

export function loadScopes(root: string, warn: (line: string) => void): { scopes: Map<string, Map<string, LogGroup>> } {
  const scopes = new Map<string, Map<string, LogGroup>>();
  // The single-file store of older versions, and what migrate.ts renames it to.
  for (const { scope, path } of scopeFolders(root, warn, (name) => name.startsWith('groups.json'))) {
    const groups = new Map<string, LogGroup>();
    for (const groupName of subfolders(path, warn)) {
      const group = loadGroup(join(path, groupName), groupName, scope, warn);
      if (group) groups.set(group.name, group);
    }
    if (groups.size > 0) scopes.set(`${scope.accountId}/${scope.region}`, groups);
  }
  return { scopes };
}

function loadGroup(folder: string, folderName: string, scope: Scope, warn: (line: string) => void): LogGroup | undefined {
  const file = join(folder, 'group.json');
  const saved = readJsonFile(file, warn) as Partial<GroupFile> | undefined;
  if (saved === undefined) return undefined;
  const problem = !saved || typeof saved !== 'object' ? 'not a JSON object'
    : typeof saved.name !== 'string' || !isLogGroupName(saved.name) ? 'no valid log group name'
    : safeFileName(saved.name) !== folderName ? `it names log group ${JSON.stringify(saved.name)}, which belongs in another folder`
    : saved.accountId !== scope.accountId || saved.region !== scope.region ? `it belongs to ${String(saved.accountId)}/${String(saved.region)}`
    : !Array.isArray(saved.tags) || !saved.tags.every((tag) => Array.isArray(tag) && tag.length === 2 && tag.every((part) => typeof part === 'string')) ? 'no valid tags'
    : undefined;
  if (problem) {
    warn(`skipped ${file}: ${problem}`);
    return undefined;
  }
  const group: LogGroup = {
    name: saved.name!, scope, folder, streams: new Map(),
    arn: `arn:aws:logs:${scope.region}:${scope.accountId}:log-group:${saved.name!}`,
    creationTime: typeof saved.creationTime === 'number' ? saved.creationTime : 0,
    ...(typeof saved.retentionInDays === 'number' ? { retentionInDays: saved.retentionInDays } : {}),
    logGroupClass: typeof saved.logGroupClass === 'string' ? saved.logGroupClass : 'STANDARD',
    tags: new Map(saved.tags as [string, string][]),
  };
  for (const streamName of subfolders(join(folder, 'streams'), warn)) {
    const stream = loadStream(join(folder, 'streams', streamName), streamName, warn);
    if (stream) group.streams.set(stream.name, stream);
  }
  return group;
}

function loadStream(folder: string, folderName: string, warn: (line: string) => void): LogStream | undefined {
  const file = join(folder, 'stream.json');
  const saved = readJsonFile(file, warn) as Partial<StreamFile> | undefined;
  if (saved === undefined) return undefined;
  const problem = !saved || typeof saved !== 'object' ? 'not a JSON object'
    : typeof saved.name !== 'string' || !isLogStreamName(saved.name) ? 'no valid log stream name'
    : safeFileName(saved.name) !== folderName ? `it names log stream ${JSON.stringify(saved.name)}, which belongs in another folder`
    : !Number.isSafeInteger(saved.id) ? 'no stream id'
    : undefined;
  if (problem) {
    warn(`skipped ${file}: ${problem}`);
    return undefined;
  }
  const known = new Map((Array.isArray(saved.segments) ? saved.segments : []).filter((segment) => Number.isSafeInteger(segment?.id)).map((segment) => [segment.id, segment]));
  const segments: Segment[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(folder);
  } catch (error) {
    warn(`skipped the events of ${folder}: ${(error as Error).message}`);
  }
  for (const entry of entries) {
    const id = SEGMENT_FILE.exec(entry)?.[1];
    if (id === undefined) continue;
    try {
      const stat = statSync(join(folder, entry));
      if (!stat.isFile()) continue;
      const about = known.get(Number(id));
      // A segment the metadata does not list yet (a crash between the two writes) counts as written when the file was.
      const numbers = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : stat.mtimeMs);
      segments.push({ id: Number(id), bytes: stat.size, maxTimestamp: numbers(about?.maxTimestamp), lastIngestion: numbers(about?.lastIngestion) });
    } catch (error) {
      warn(`skipped ${join(folder, entry)}: ${(error as Error).message}`);
    }
  }
  segments.sort((a, b) => a.id - b.id);
  const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  const first = number(saved.firstEventTimestamp);
  return {
    name: saved.name!, id: saved.id!, folder, segments, pending: [], pendingBytes: 0, pendingMaxTimestamp: 0,
    creationTime: number(saved.creationTime) ?? 0,
    nextSegment: Math.max(Number.isSafeInteger(saved.nextSegment) ? saved.nextSegment! : 1, (segments.at(-1)?.id ?? 0) + 1),
    ...(first === undefined ? {} : { firstEventTimestamp: first, lastEventTimestamp: number(saved.lastEventTimestamp) ?? first, lastIngestionTime: number(saved.lastIngestionTime) ?? first }),
  };
}
