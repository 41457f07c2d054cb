/**
 * Every stream of one endpoint, per account and region. In memory, with each stream's settings and each
 * shard's records in the state folder when `directory` is given (then memory holds an index of the
 * records and only the most recent ones' bytes) (loaded at start: records past retention
 * are not loaded, a log cut short by a crash is read to its last whole record). Status changes
 * (CREATING → ACTIVE, UPDATING → ACTIVE, DELETING → gone) happen after `transitionMs` (at 0, before the call answers).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLater, ProducerPuts, type Scope } from '../shared/index.js';
import { DEFAULT_TAIL_BYTES, Shard, shardIdOf, type ShardShape } from './shard.js';
import { Stream, type StreamSettings } from './stream.js';
import { StreamFiles } from './stream-files.js';

export interface KinesisStoreOptions {
  /** Keep streams and records here (survives restarts and kill -9); in memory only when absent. */
  directory?: string;
  /**
   * Without `directory`: spill each shard's records past its in-memory tail to log files here, so memory
   * stays bounded under load over the 24 h retention. Nothing here outlives the store: emptied at start
   * and close, never loaded.
   */
  scratchDirectory?: string;
  /** Wall-clock time of arrivals, iterators and retention. */
  now?: () => number;
  /** CREATING → ACTIVE, UPDATING → ACTIVE, DELETING → gone. */
  transitionMs?: number;
  /** Open shards allowed per account and region. */
  shardLimit?: number;
  /** With `directory`, the bytes of recent records each shard also keeps in memory (older ones are read from its log). */
  tailBytes?: number;
}

export const DEFAULT_TRANSITION_MS = 50;
export const DEFAULT_SHARD_LIMIT = 100;
// Records past retention are also dropped by this sweep, so memory stays bounded with no reader.
const SWEEP_MS = 60_000;
const KEY_FILE = 'iterator.key';

const scopeKey = (scope: Scope): string => `${scope.accountId}/${scope.region}`;

export class KinesisStore {
  readonly now: () => number;
  readonly transitionMs: number;
  readonly shardLimit: number;
  readonly tailBytes: number;
  /** Seals iterators and NextTokens; kept in the state folder so they outlive a restart as on AWS. */
  readonly tokenKey: Buffer;
  private readonly scopes = new Map<string, Map<string, Stream>>();
  private readonly files: StreamFiles | undefined;
  /** Where shards' logs go when records do not persist (`scratchDirectory`). */
  private readonly scratch: StreamFiles | undefined;
  private readonly scratchDirectory: string | undefined;
  private readonly sweepTimer: NodeJS.Timeout;
  /** The transitions waiting for their delay (`transitionMs`; 0 makes them before the call answers). */
  private readonly delayed = createLater();
  private closed = false;
  /** Producers' puts to this store's streams, which the endpoint's Firehose delivery gives way to. */
  readonly puts = new ProducerPuts();

  constructor(options: KinesisStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.transitionMs = options.transitionMs ?? DEFAULT_TRANSITION_MS;
    this.shardLimit = options.shardLimit ?? DEFAULT_SHARD_LIMIT;
    this.tailBytes = options.tailBytes ?? DEFAULT_TAIL_BYTES;
    this.files = options.directory === undefined ? undefined : new StreamFiles(options.directory);
    this.scratchDirectory = options.directory === undefined ? options.scratchDirectory : undefined;
    if (this.scratchDirectory !== undefined) rmSync(this.scratchDirectory, { recursive: true, force: true });
    this.scratch = this.scratchDirectory === undefined ? undefined : new StreamFiles(this.scratchDirectory);
    this.tokenKey = options.directory === undefined ? randomBytes(32) : loadKey(options.directory);
    if (this.files) this.load(this.files);
    this.sweepTimer = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweepTimer.unref();
  }

  /** The streams of one account and region, by name. */
  streamsIn(scope: Scope): Stream[] {
    return [...(this.scopes.get(scopeKey(scope))?.values() ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  find(scope: Scope, name: string): Stream | undefined {
    return this.scopes.get(scopeKey(scope))?.get(name);
  }

  openShardCount(scope: Scope): number {
    return this.streamsIn(scope).reduce((sum, stream) => sum + stream.openShards.length, 0);
  }

  /** A new CREATING stream with `ranges` as its shards; ACTIVE after the transition delay. */
  create(settings: StreamSettings, ranges: readonly { start: bigint; end: bigint }[]): Stream {
    const stream = this.build(settings);
    for (const range of ranges) stream.addShard({ createdMs: settings.createdMs, ...range });
    let streams = this.scopes.get(scopeKey(stream.scope));
    if (!streams) {
      streams = new Map();
      this.scopes.set(scopeKey(stream.scope), streams);
    }
    streams.set(stream.name, stream);
    this.save(stream);
    this.settle(stream);
    return stream;
  }

  /** Marks the stream DELETING; it and its records are gone after the transition delay. */
  delete(stream: Stream): void {
    stream.settings.status = 'DELETING';
    this.save(stream);
    this.delayed(this.transitionMs, () => this.forget(stream));
  }

  /** Persists the stream's settings and shards (after any change but a put). */
  save(stream: Stream): void {
    this.files?.save(stream);
  }

  /** Back to ACTIVE after the transition delay (CREATING, UPDATING). */
  settle(stream: Stream): void {
    this.delayed(this.transitionMs, () => {
      if (this.find(stream.scope, stream.name) !== stream || stream.settings.status === 'DELETING') return;
      stream.settings.status = 'ACTIVE';
      this.save(stream);
    });
  }

  /** Drops every stream's records past retention now. */
  sweep(): void {
    const now = this.now();
    for (const streams of this.scopes.values()) for (const stream of streams.values()) stream.trim(now);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweepTimer);
    this.delayed.cancelAll();
    for (const streams of this.scopes.values()) for (const stream of streams.values()) for (const shard of stream.shards) shard.log?.close();
    if (this.scratchDirectory !== undefined) rmSync(this.scratchDirectory, { recursive: true, force: true });
  }

  private forget(stream: Stream): void {
    const streams = this.scopes.get(scopeKey(stream.scope));
    if (streams?.get(stream.name) !== stream) return;
    streams.delete(stream.name);
    for (const shard of stream.shards) shard.log?.close();
    this.files?.remove(stream.scope, stream.name);
    this.scratch?.remove(stream.scope, stream.name);
  }

  private build(settings: StreamSettings): Stream {
    const scope = { accountId: settings.accountId, region: settings.region };
    return new Stream(settings, (shape: ShardShape, salt: number) => new Shard(shape, salt, (this.files ?? this.scratch)?.shardLog(scope, settings.name, shardIdOf(shape.index)), this.tailBytes));
  }

  private load(files: StreamFiles): void {
    const now = this.now();
    for (const saved of files.loadAll()) {
      const stream = this.build(saved.settings);
      if (stream.settings.status === 'DELETING') {
        files.remove(stream.scope, stream.name);
        continue;
      }
      // A transition cut short by the restart has finished.
      stream.settings.status = 'ACTIVE';
      const cutoff = now - stream.settings.retentionHours * 3_600_000;
      for (const shape of saved.shards) {
        const shard = stream.addShard(shape);
        const logged = shard.log!.load(cutoff);
        shard.restore(logged.index, logged.nextPosition);
      }
      let streams = this.scopes.get(scopeKey(stream.scope));
      if (!streams) {
        streams = new Map();
        this.scopes.set(scopeKey(stream.scope), streams);
      }
      streams.set(stream.name, stream);
      files.save(stream);
    }
  }
}

function loadKey(directory: string): Buffer {
  mkdirSync(directory, { recursive: true });
  const path = join(directory, KEY_FILE);
  if (existsSync(path)) {
    const key = readFileSync(path);
    if (key.length === 32) return key;
  }
  const key = randomBytes(32);
  writeFileSync(path, key);
  return key;
}
