/**
 * Delivery streams and read checkpoints, per service instance, keyed by account and region, persisted
 * as JSON under `<stateDir>/firehose/<account>/<region>/<stream>/` (written atomically by rename).
 * Every folder name is a safeFileName, so no stream name (`..` is a legal one) names another folder.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtendedS3DestinationConfiguration, Tag } from '@aws-sdk/client-firehose';
import { fromSafeFileName, readJsonFile, safeFileName, scopeFolders, subfolders, writeJsonAtomically, type Scope } from '../shared/index.js';

export type StreamStatus = 'CREATING' | 'CREATING_FAILED' | 'DELETING' | 'DELETING_FAILED' | 'ACTIVE';
export type EncryptionStatus = 'ENABLED' | 'ENABLING' | 'ENABLING_FAILED' | 'DISABLED' | 'DISABLING' | 'DISABLING_FAILED';

export interface StoredStream {
  name: string;
  arn: string;
  accountId: string;
  region: string;
  type: 'DirectPut' | 'KinesisStreamAsSource';
  status: StreamStatus;
  failureDescription?: { Type: string; Details: string };
  versionId: number;
  createTimestamp: number;
  lastUpdateTimestamp?: number;
  destination: ExtendedS3DestinationConfiguration;
  kinesisSource?: { KinesisStreamARN: string; RoleARN: string; DeliveryStartTimestamp: number; startWallMs: number };
  directPut?: { ThroughputHintInMBs?: number };
  tags: Tag[];
  encryption: { Status: EncryptionStatus; KeyType?: string; KeyARN?: string };
  /** Clock times of Start/StopDeliveryStreamEncryption calls (25 per 24 h). */
  encryptionCalls: number[];
}

export interface ShardCheckpoint {
  /** Last sequence number whose data (and everything before it on the shard) is written to S3. */
  sequenceNumber?: string;
  /** The shard is closed, read to its end, and everything read is written. */
  finished?: boolean;
}

export type Checkpoints = Record<string, ShardCheckpoint>;

const key = (accountId: string, region: string, name: string): string => `${accountId}/${region}/${name}`;
const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,64}$/;
const STATUSES: readonly string[] = ['CREATING', 'CREATING_FAILED', 'DELETING', 'DELETING_FAILED', 'ACTIVE'];

export interface FirehoseStore {
  get(scope: Scope, name: string): StoredStream | undefined;
  list(scope: Scope): StoredStream[];
  all(): StoredStream[];
  save(stream: StoredStream): void;
  remove(stream: StoredStream): void;
  readCheckpoints(stream: StoredStream): Checkpoints;
  writeCheckpoints(stream: StoredStream, checkpoints: Checkpoints): void;
  /** The delivery engine's counters as it left them at its last clean stop (none: an empty object). */
  readMetrics(stream: StoredStream): Record<string, number>;
  writeMetrics(stream: StoredStream, counters: Record<string, number>): void;
  /** The stream's own folder, where the delivery engine may keep files of its own (removed with the stream). */
  folderOf(stream: StoredStream): string;
}

/** Writes `value` as JSON to `path` through a temporary file, so a reader never sees half of it. */
export function writeAtomically(path: string, value: unknown): void {
  writeJsonAtomically(path, value, 2);
}

/** `<stateDir>/firehose/<account>/<region>/<stream>`, each part a safe file name. */
export function streamFolder(stateDir: string, stream: Pick<StoredStream, 'accountId' | 'region' | 'name'>): string {
  return join(stateDir, 'firehose', safeFileName(stream.accountId), safeFileName(stream.region), safeFileName(stream.name));
}

/**
 * Loads every persisted stream of `stateDir` and keeps the files in step with each change. An entry
 * that is not a stream this version wrote (a stray file, a folder of an old version, a corrupt
 * stream.json) is skipped with a line to `warn`, so one bad entry never stops the endpoint starting.
 */
export function openStore(stateDir: string, warn: (line: string) => void = () => undefined): FirehoseStore {
  const root = join(stateDir, 'firehose');
  const streams = new Map<string, StoredStream>();
  const folder = (stream: StoredStream): string => streamFolder(stateDir, stream);

  for (const { scope, path } of scopeFolders(root, warn)) {
    for (const streamName of subfolders(path, warn)) {
      const file = join(path, streamName, 'stream.json');
      if (!existsSync(file)) continue;
      const stream = loadStream(file, scope, warn);
      if (!stream) continue;
      const safeName = safeFileName(stream.name);
      if (safeName !== streamName) {
        // Versions before safe names kept `my.stream` in a folder of that name: move it where it belongs now.
        const from = join(path, streamName);
        const to = join(path, safeName);
        if (fromSafeFileName(streamName) !== undefined || existsSync(to)) {
          warn(`skipped ${file}: it names delivery stream ${JSON.stringify(stream.name)}, which belongs in ${to}`);
          continue;
        }
        try {
          renameSync(from, to);
        } catch (error) {
          warn(`skipped ${file}: could not move it to ${to}: ${(error as Error).message}`);
          continue;
        }
      }
      streams.set(key(stream.accountId, stream.region, stream.name), stream);
    }
  }

  return {
    get: (scope, name) => streams.get(key(scope.accountId, scope.region, name)),
    list: (scope) => [...streams.values()].filter((stream) => stream.accountId === scope.accountId && stream.region === scope.region),
    all: () => [...streams.values()],
    save(stream) {
      streams.set(key(stream.accountId, stream.region, stream.name), stream);
      mkdirSync(folder(stream), { recursive: true });
      writeAtomically(join(folder(stream), 'stream.json'), stream);
    },
    remove(stream) {
      streams.delete(key(stream.accountId, stream.region, stream.name));
      rmSync(folder(stream), { recursive: true, force: true });
    },
    folderOf: folder,
    readCheckpoints(stream) {
      const file = join(folder(stream), 'checkpoints.json');
      if (!existsSync(file)) return {};
      try {
        const checkpoints = JSON.parse(readFileSync(file, 'utf8')) as unknown;
        if (checkpoints && typeof checkpoints === 'object' && !Array.isArray(checkpoints)) return checkpoints as Checkpoints;
        warn(`ignored ${file}: not a checkpoint object; the source is read again from the stream's start position`);
      } catch (error) {
        warn(`ignored ${file}: ${(error as Error).message}; the source is read again from the stream's start position`);
      }
      return {};
    },
    writeCheckpoints(stream, checkpoints) {
      if (!streams.has(key(stream.accountId, stream.region, stream.name))) return;
      mkdirSync(folder(stream), { recursive: true });
      writeAtomically(join(folder(stream), 'checkpoints.json'), checkpoints);
    },
    readMetrics(stream) {
      const file = join(folder(stream), 'metrics.json');
      if (!existsSync(file)) return {};
      const saved = readJsonFile(file, warn);
      if (saved && typeof saved === 'object' && !Array.isArray(saved) && Object.values(saved).every((value) => typeof value === 'number' && Number.isFinite(value))) return saved as Record<string, number>;
      if (saved !== undefined) warn(`ignored ${file}: not an object of counters; the stream's metrics start at zero`);
      return {};
    },
    writeMetrics(stream, counters) {
      if (!streams.has(key(stream.accountId, stream.region, stream.name))) return;
      mkdirSync(folder(stream), { recursive: true });
      writeAtomically(join(folder(stream), 'metrics.json'), counters);
    },
  };
}

/** A stream.json this version can use, or undefined (reported). */
function loadStream(file: string, scope: Scope, warn: (line: string) => void): StoredStream | undefined {
  let stream: Partial<StoredStream>;
  try {
    stream = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredStream>;
  } catch (error) {
    warn(`skipped ${file}: ${(error as Error).message}`);
    return undefined;
  }
  const problem = !stream || typeof stream !== 'object' ? 'not a JSON object'
    : typeof stream.name !== 'string' || !STREAM_NAME.test(stream.name) ? 'no valid delivery stream name'
    : stream.accountId !== scope.accountId || stream.region !== scope.region ? `it belongs to ${stream.accountId}/${stream.region}, not this folder's ${scope.accountId}/${scope.region}`
    : typeof stream.status !== 'string' || !STATUSES.includes(stream.status) ? 'no valid status'
    : !stream.destination || typeof stream.destination !== 'object' ? 'no destination'
    : typeof stream.arn !== 'string' ? 'no ARN'
    : undefined;
  if (problem) {
    warn(`skipped ${file}: ${problem}`);
    return undefined;
  }
  return { tags: [], encryption: { Status: 'DISABLED' }, encryptionCalls: [], ...stream } as StoredStream;
}
