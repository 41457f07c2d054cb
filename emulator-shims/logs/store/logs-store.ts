/**
 * CloudWatch Logs state of one endpoint, per account and region, under
 * `<stateDir>/cloudwatch-logs/<account>/<region>/<group>/streams/<stream>/`, every part a safe file
 * name. Only metadata is held in memory; events are appended to segment files and read back a chunk
 * at a time, so the store can hold far more than memory and a restart reads no event. The store is
 * bounded: retention removes what a group no longer keeps, and past `maxStoredBytes` the oldest
 * segments of the whole store go first.
 */
import { appendFileSync, mkdirSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { AwsError, safeFileName, writeJsonAtomically, type Scope } from '../../shared/index.js';
import { encodeEvent, segmentFile } from './event-reader.js';
import { loadScopes } from './load.js';
import { retentionCutoff, type GroupFile, type LogGroup, type LogStream, type StoredEvent, type StreamFile } from './model.js';

export interface LogsStoreOptions {
  stateDir: string;
  now: () => number;
  warn: (line: string) => void;
  /** Event bytes kept in all, 1 GiB by default; the oldest segments go first past it. */
  maxStoredBytes?: number;
  /** Log groups in all accounts and regions (LimitExceededException past it), 10,000 by default. */
  maxGroups?: number;
  /** Log streams in all groups, 100,000 by default. */
  maxStreams?: number;
  /** A segment file is closed once it holds this much, 8 MiB by default. */
  segmentBytes?: number;
}

const FLUSH_DELAY_MS = 200;
const FLUSH_PENDING_BYTES = 1024 * 1024;
const SWEEP_INTERVAL_MS = 10 * 60_000;
const scopeKey = (scope: Scope): string => `${scope.accountId}/${scope.region}`;

export class LogsStore {
  readonly root: string;
  private readonly scopes: Map<string, Map<string, LogGroup>>;
  private readonly options: Required<LogsStoreOptions>;
  private readonly dirty = new Set<LogStream>();
  private storedBytes = 0;
  private streamCount = 0;
  private nextStreamId = 1;
  private flushTimer?: NodeJS.Timeout;
  private readonly sweepTimer: NodeJS.Timeout;
  private evictionReported = false;

  constructor(options: LogsStoreOptions) {
    this.options = { maxStoredBytes: 1024 ** 3, maxGroups: 10_000, maxStreams: 100_000, segmentBytes: 8 * 1024 * 1024, ...options };
    this.root = join(options.stateDir, 'cloudwatch-logs');
    const loaded = loadScopes(this.root, options.warn);
    this.scopes = loaded.scopes;
    for (const groups of this.scopes.values()) {
      for (const group of groups.values()) {
        for (const stream of group.streams.values()) {
          this.streamCount += 1;
          this.nextStreamId = Math.max(this.nextStreamId, stream.id + 1);
          for (const segment of stream.segments) this.storedBytes += segment.bytes;
        }
      }
    }
    this.sweep();
    this.enforceBudget();
    this.sweepTimer = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  groups(scope: Scope): LogGroup[] {
    return [...(this.scopes.get(scopeKey(scope))?.values() ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  group(scope: Scope, name: string): LogGroup | undefined {
    return this.scopes.get(scopeKey(scope))?.get(name);
  }

  get groupCount(): number {
    let count = 0;
    for (const groups of this.scopes.values()) count += groups.size;
    return count;
  }

  createGroup(scope: Scope, name: string, settings: { tags: Map<string, string>; logGroupClass: string }, now: number): LogGroup {
    if (this.groupCount >= this.options.maxGroups) throw limitExceeded();
    let groups = this.scopes.get(scopeKey(scope));
    if (!groups) this.scopes.set(scopeKey(scope), (groups = new Map()));
    const group: LogGroup = {
      name, scope, creationTime: now, tags: settings.tags, logGroupClass: settings.logGroupClass, streams: new Map(),
      arn: `arn:aws:logs:${scope.region}:${scope.accountId}:log-group:${name}`,
      folder: join(this.root, safeFileName(scope.accountId), safeFileName(scope.region), safeFileName(name)),
    };
    groups.set(name, group);
    this.saveGroup(group);
    return group;
  }

  /** Writes the group's settings (retention, tags) now. */
  saveGroup(group: LogGroup): void {
    const file: GroupFile = {
      name: group.name, accountId: group.scope.accountId, region: group.scope.region, creationTime: group.creationTime,
      ...(group.retentionInDays === undefined ? {} : { retentionInDays: group.retentionInDays }), logGroupClass: group.logGroupClass, tags: [...group.tags],
    };
    mkdirSync(group.folder, { recursive: true });
    writeJsonAtomically(join(group.folder, 'group.json'), file);
  }

  deleteGroup(group: LogGroup): void {
    for (const stream of group.streams.values()) this.forgetStream(stream);
    this.scopes.get(scopeKey(group.scope))?.delete(group.name);
    rmSync(group.folder, { recursive: true, force: true });
  }

  createStream(group: LogGroup, name: string, now: number): LogStream {
    if (this.streamCount >= this.options.maxStreams) throw limitExceeded();
    const stream: LogStream = {
      name, id: this.nextStreamId++, creationTime: now, segments: [], nextSegment: 1, pending: [], pendingBytes: 0, pendingMaxTimestamp: 0,
      folder: join(group.folder, 'streams', safeFileName(name)),
    };
    group.streams.set(name, stream);
    this.streamCount += 1;
    this.saveStream(stream);
    return stream;
  }

  deleteStream(group: LogGroup, stream: LogStream): void {
    this.forgetStream(stream);
    group.streams.delete(stream.name);
    rmSync(stream.folder, { recursive: true, force: true });
  }

  /** Accepts events (already validated) into the stream; they reach its file within FLUSH_DELAY_MS, or before any read. */
  append(stream: LogStream, events: readonly { timestamp: number; message: string }[], ingestionTime: number): void {
    for (const { timestamp, message } of events) {
      const line = encodeEvent({ timestamp, ingestionTime, message });
      stream.pending.push(line);
      stream.pendingBytes += Buffer.byteLength(line);
      stream.pendingMaxTimestamp = Math.max(stream.pendingMaxTimestamp, timestamp);
      stream.firstEventTimestamp = Math.min(stream.firstEventTimestamp ?? timestamp, timestamp);
      stream.lastEventTimestamp = Math.max(stream.lastEventTimestamp ?? timestamp, timestamp);
    }
    if (events.length > 0) stream.lastIngestionTime = ingestionTime;
    this.dirty.add(stream);
    if (stream.pendingBytes >= FLUSH_PENDING_BYTES) this.flushStream(stream);
    else this.scheduleFlush();
  }

  /** Appends what the stream holds in memory to its segment file and saves its metadata. A failing disk is reported, never thrown. */
  flushStream(stream: LogStream): void {
    if (!this.dirty.delete(stream)) return;
    const data = stream.pending.join('');
    const maxTimestamp = stream.pendingMaxTimestamp;
    stream.pending = [];
    stream.pendingBytes = 0;
    stream.pendingMaxTimestamp = 0;
    try {
      if (data.length > 0) {
        let segment = stream.segments.at(-1);
        if (!segment || segment.bytes >= this.options.segmentBytes) {
          segment = { id: stream.nextSegment++, bytes: 0, maxTimestamp: 0, lastIngestion: 0 };
          stream.segments.push(segment);
        }
        mkdirSync(stream.folder, { recursive: true });
        const bytes = Buffer.from(data);
        appendFileSync(segmentFile(stream, segment.id), bytes);
        segment.bytes += bytes.length;
        segment.maxTimestamp = Math.max(segment.maxTimestamp, maxTimestamp);
        segment.lastIngestion = stream.lastIngestionTime ?? this.options.now();
        this.storedBytes += bytes.length;
      }
      this.saveStream(stream);
    } catch (error) {
      this.options.warn(`could not write log stream ${stream.folder}: ${(error as Error).message}; its newest events are lost`);
    }
    this.enforceBudget();
  }

  /** Writes everything held in memory now (on close, and before a read). */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const stream of [...this.dirty]) this.flushStream(stream);
  }

  /** Removes the segments every event of which is older than its group's retention. */
  sweep(): void {
    const now = this.options.now();
    for (const groups of this.scopes.values()) {
      for (const group of groups.values()) {
        const cutoff = retentionCutoff(group, now);
        if (cutoff === undefined) continue;
        for (const stream of group.streams.values()) {
          const expired = stream.segments.filter((segment) => segment.maxTimestamp < cutoff && !(segment === stream.segments.at(-1) && this.dirty.has(stream)));
          for (const segment of expired) this.removeSegment(stream, segment.id);
        }
      }
    }
  }

  close(): void {
    clearInterval(this.sweepTimer);
    this.flush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, FLUSH_DELAY_MS);
    this.flushTimer.unref();
  }

  private saveStream(stream: LogStream): void {
    const file: StreamFile = {
      name: stream.name, id: stream.id, creationTime: stream.creationTime, nextSegment: stream.nextSegment,
      ...(stream.firstEventTimestamp === undefined ? {} : { firstEventTimestamp: stream.firstEventTimestamp, lastEventTimestamp: stream.lastEventTimestamp, lastIngestionTime: stream.lastIngestionTime }),
      segments: stream.segments.map(({ id, maxTimestamp, lastIngestion }) => ({ id, maxTimestamp, lastIngestion })),
    };
    mkdirSync(stream.folder, { recursive: true });
    writeJsonAtomically(join(stream.folder, 'stream.json'), file);
  }

  private forgetStream(stream: LogStream): void {
    this.dirty.delete(stream);
    this.streamCount -= 1;
    for (const segment of stream.segments) this.storedBytes -= segment.bytes;
    stream.segments = [];
  }

  private removeSegment(stream: LogStream, id: number): void {
    const index = stream.segments.findIndex((segment) => segment.id === id);
    if (index === -1) return;
    const [segment] = stream.segments.splice(index, 1);
    this.storedBytes -= segment!.bytes;
    try {
      unlinkSync(segmentFile(stream, id));
      this.saveStream(stream);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.options.warn(`could not remove ${segmentFile(stream, id)}: ${(error as Error).message}`);
    }
  }

  /** Past the size budget, the segments written longest ago go first, whichever stream they belong to. */
  private enforceBudget(): void {
    while (this.storedBytes > this.options.maxStoredBytes) {
      let oldest: { stream: LogStream; id: number; lastIngestion: number } | undefined;
      for (const groups of this.scopes.values()) {
        for (const group of groups.values()) {
          for (const stream of group.streams.values()) {
            const first = stream.segments[0];
            if (first && (!oldest || first.lastIngestion < oldest.lastIngestion)) oldest = { stream, id: first.id, lastIngestion: first.lastIngestion };
          }
        }
      }
      if (!oldest) return;
      if (!this.evictionReported) {
        this.options.warn(`the store holds more than ${this.options.maxStoredBytes} bytes of events; the oldest segments are removed from now on`);
        this.evictionReported = true;
      }
      this.removeSegment(oldest.stream, oldest.id);
    }
  }
}

/** CloudWatch Logs' answer to a create past a quota. */
export const limitExceeded = (): AwsError => new AwsError('LimitExceededException', 'Resource limit exceeded.');

export type { StoredEvent };
