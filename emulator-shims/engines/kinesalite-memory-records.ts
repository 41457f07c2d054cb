import { createRequire } from 'node:module';
import { Readable } from 'node:stream';

const require = createRequire(import.meta.url);

type Callback = (error?: Error | null) => void;

interface RangeOptions {
  gt?: string;
  gte?: string;
  lt?: string;
  lte?: string;
}

export type BatchOperation = { type: 'put'; key: string; value: unknown } | { type: 'del'; key: string };

/** The part of a levelup sublevel kinesalite's actions use on a stream's records. */
export interface RecordDb {
  put(key: string, value: unknown, callback: Callback): void;
  batch(operations: BatchOperation[], options: unknown, callback?: Callback): void;
  createReadStream(options?: RangeOptions): Readable;
  createKeyStream(options?: RangeOptions): Readable;
}

/** A stream as kinesalite keeps it in its metadata store (the fields hosepipe reads). */
export interface KinesaliteStream {
  StreamStatus: string;
  RetentionPeriodHours: number;
  Shards: { ShardId: string; HashKeyRange: { StartingHashKey: string; EndingHashKey: string }; SequenceNumberRange: { StartingSequenceNumber: string; EndingSequenceNumber?: string | null } }[];
  /** kinesalite's next sequence index per group of five shards. */
  _seqIx: (number | null)[];
}

/** The part of kinesalite's store hosepipe uses. */
export interface KinesaliteStore {
  getStreamDb(name: string): RecordDb & { shardEntriesFrom?(from: string, limit: number): readonly Entry[] | undefined };
  metaDb: {
    lock(key: string, body: (release: <T extends (...args: never[]) => unknown>(callback: T) => T) => void): void;
    put(key: string, value: KinesaliteStream, callback: Callback): void;
  };
  getStream(name: string, callback: (error: Error | null, stream?: KinesaliteStream) => void): void;
  deleteStreamDb(name: string, callback: Callback): void;
}

export interface KinesaliteStoreOptions {
  path?: string;
  /** Called with the store kinesalite creates, so fronts can work on the same streams. */
  onStore?: (store: KinesaliteStore) => void;
}

interface KinesaliteDbModule {
  create(options: KinesaliteStoreOptions): KinesaliteStore;
  hosepipeMemoryRecords?: boolean;
}

export interface Entry {
  key: string;
  value: unknown;
}

// Records are read a few at a time so that a GetRecords which stops at its Limit stops the reading.
const READ_CHUNK = 256;

// levelup orders keys bytewise; kinesalite's keys are ASCII, where that is JavaScript's string order.
const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** First index in sorted `entries` whose key is at or after (or, with `exclusive`, after) `key`. */
function lowerBound(entries: readonly Entry[], key: string, exclusive: boolean): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compareKeys(entries[middle]!.key, key);
    if (order < 0 || (exclusive && order === 0)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * One stream's records as kinesalite stores them (key `<shard hex>/<sequence number>`, value the
 * record), held in one sorted array per shard. Puts arrive in key order for each shard, so they
 * append; range reads are a binary search and a walk. With a LevelDB folder behind it, every write reaches LevelDB
 * before it is acknowledged or visible, and the folder's records are loaded on first use.
 */
class MemoryRecordDb implements RecordDb {
  /** Entries by key prefix (`<shard hex>/`), each sorted; prefixes have one length, so prefix order is key order. */
  readonly #shards = new Map<string, Entry[]>();
  #prefixes: string[] = [];
  readonly #loaded: Promise<void>;
  #ready: boolean;

  constructor(private readonly durable: RecordDb | undefined) {
    this.#ready = !durable;
    this.#loaded = durable ? this.#load(durable) : Promise.resolve();
  }

  async #load(durable: RecordDb): Promise<void> {
    for await (const entry of durable.createReadStream()) this.#set((entry as Entry).key, (entry as Entry).value);
    this.#ready = true;
  }

  /**
   * Up to `limit` entries at or after `from`, all with the same key prefix (one shard), without
   * copying them; undefined while records are still loading from LevelDB.
   */
  shardEntriesFrom(from: string, limit: number): readonly Entry[] | undefined {
    if (!this.#ready) return undefined;
    const entries = this.#shardOf(from, false);
    if (!entries) return [];
    const start = lowerBound(entries, from, false);
    return entries.slice(start, start + limit);
  }

  put(key: string, value: unknown, callback: Callback): void {
    this.batch([{ type: 'put', key, value }], {}, callback);
  }

  batch(operations: BatchOperation[], options: unknown, callback?: Callback): void {
    const done = (typeof options === 'function' ? options : callback) as Callback;
    this.#loaded
      .then(() => (this.durable ? new Promise<void>((resolve, reject) => this.durable!.batch(operations, {}, (error) => (error ? reject(error) : resolve()))) : undefined))
      .then(() => {
        for (const operation of operations) {
          if (operation.type === 'put') this.#set(operation.key, operation.value);
          else this.#delete(operation.key);
        }
        done(null);
      }, (error: Error) => done(error));
  }

  #shardOf(key: string, create: boolean): Entry[] | undefined {
    const prefix = key.slice(0, key.indexOf('/') + 1);
    let entries = this.#shards.get(prefix);
    if (!entries && create) {
      entries = [];
      this.#shards.set(prefix, entries);
      this.#prefixes = [...this.#shards.keys()].sort(compareKeys);
    }
    return entries;
  }

  #set(key: string, value: unknown): void {
    const entries = this.#shardOf(key, true)!;
    const last = entries.at(-1);
    if (!last || compareKeys(last.key, key) < 0) {
      entries.push({ key, value });
      return;
    }
    const index = lowerBound(entries, key, false);
    if (entries[index]?.key === key) entries[index] = { key, value };
    else entries.splice(index, 0, { key, value });
  }

  #delete(key: string): void {
    const entries = this.#shardOf(key, false);
    if (!entries) return;
    const index = lowerBound(entries, key, false);
    if (entries[index]?.key === key) entries.splice(index, 1);
  }

  createReadStream(options: RangeOptions = {}): Readable {
    return this.#range(options, (entry) => ({ key: entry.key, value: { ...(entry.value as object) } }));
  }

  createKeyStream(options: RangeOptions = {}): Readable {
    return this.#range(options, (entry) => entry.key);
  }

  /** Removes every record; the LevelDB copy is removed by kinesalite's own deleteStreamDb. */
  clear(): void {
    this.#shards.clear();
    this.#prefixes = [];
  }

  /** Where the first entry after `key` (at or after it unless `exclusive`) is, in key order across shards. */
  #seek(key: string | undefined, exclusive: boolean): { entries: Entry[]; index: number } | undefined {
    for (const prefix of this.#prefixes) {
      const entries = this.#shards.get(prefix)!;
      const index = key === undefined ? 0 : lowerBound(entries, key, exclusive);
      if (index < entries.length) return { entries, index };
    }
    return undefined;
  }

  #range(options: RangeOptions, shape: (entry: Entry) => unknown): Readable {
    let last: Entry | undefined;
    let started = false;
    const beyond = (key: string): boolean =>
      (options.lt !== undefined && compareKeys(key, options.lt) >= 0) || (options.lte !== undefined && compareKeys(key, options.lte) > 0);
    const loaded = this.#loaded;
    const store = this;
    return new Readable({
      objectMode: true,
      highWaterMark: READ_CHUNK,
      read(this: Readable) {
        void loaded.then(() => {
          // Resume after the last key handed out, so writes between reads cannot shift the walk.
          let cursor: { entries: Entry[]; index: number } | undefined;
          if (!started) {
            started = true;
            cursor = options.gt !== undefined ? store.#seek(options.gt, true) : store.#seek(options.gte, false);
          } else {
            cursor = last && store.#seek(last.key, true);
          }
          for (let count = 0; count < READ_CHUNK; count += 1) {
            const entry: Entry | undefined = cursor?.entries[cursor.index];
            if (!cursor || !entry || beyond(entry.key)) {
              this.push(null);
              return;
            }
            last = entry;
            if (!this.push(shape(entry))) return;
            cursor = cursor.index + 1 < cursor.entries.length ? { entries: cursor.entries, index: cursor.index + 1 } : store.#seek(entry.key, true);
          }
        }, (error: Error) => this.destroy(error));
      },
    });
  }
}

/**
 * kinesalite keeps each stream's records in a LevelDB sublevel (memdown when in memory) with JSON
 * values; reading and writing them through levelup's layers was most of its time on PutRecords and
 * GetRecords. This gives its actions an in-memory sorted store with the same interface instead, in
 * front of the LevelDB sublevel when kinesalite persists to a folder. Nothing else changes: kinesalite's
 * own actions, validation and answers. Applied once, before kinesalite creates its store.
 */
export function keepKinesaliteRecordsInMemory(): void {
  const db = require('kinesalite/db') as KinesaliteDbModule;
  if (db.hosepipeMemoryRecords) return;
  const create = db.create;
  db.create = (options) => {
    const store = create(options);
    const durableDbOf = store.getStreamDb.bind(store);
    const deleteDurable = store.deleteStreamDb.bind(store);
    const persisted = Boolean(options.path);
    const streams = new Map<string, MemoryRecordDb>();
    store.getStreamDb = (name) => {
      let records = streams.get(name);
      if (!records) {
        records = new MemoryRecordDb(persisted ? durableDbOf(name) : undefined);
        streams.set(name, records);
      }
      return records;
    };
    store.deleteStreamDb = (name, callback) => {
      const records = streams.get(name);
      streams.delete(name);
      records?.clear();
      if (persisted) deleteDurable(name, callback);
      else process.nextTick(callback);
    };
    options.onStore?.(store);
    return store;
  };
  db.hosepipeMemoryRecords = true;
}
