/**
 * Delivery streams and read checkpoints, per service instance, keyed by account and region, persisted
 * as JSON under `<stateDir>/firehose/<account>/<region>/<stream>/` (written atomically by rename).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtendedS3DestinationConfiguration, Tag } from '@aws-sdk/client-firehose';
import type { Scope } from '../shared/index.js';

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

export interface FirehoseStore {
  get(scope: Scope, name: string): StoredStream | undefined;
  list(scope: Scope): StoredStream[];
  all(): StoredStream[];
  save(stream: StoredStream): void;
  remove(stream: StoredStream): void;
  readCheckpoints(stream: StoredStream): Checkpoints;
  writeCheckpoints(stream: StoredStream, checkpoints: Checkpoints): void;
  /** The stream's own folder, where the delivery engine may keep files of its own (removed with the stream). */
  folderOf(stream: StoredStream): string;
}

/** Writes `value` as JSON to `path` through a temporary file, so a reader never sees half of it. */
export function writeAtomically(path: string, value: unknown): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(value, null, 2));
  renameSync(temporary, path);
}

/** Loads every persisted stream of `stateDir` and keeps the files in step with each change. */
export function openStore(stateDir: string): FirehoseStore {
  const root = join(stateDir, 'firehose');
  const streams = new Map<string, StoredStream>();
  const folder = (stream: StoredStream): string => join(root, stream.accountId, stream.region, stream.name);

  for (const accountId of existsSync(root) ? readdirSync(root) : []) {
    for (const region of readdirSync(join(root, accountId))) {
      for (const name of readdirSync(join(root, accountId, region))) {
        const file = join(root, accountId, region, name, 'stream.json');
        if (!existsSync(file)) continue;
        const stream = JSON.parse(readFileSync(file, 'utf8')) as StoredStream;
        streams.set(key(stream.accountId, stream.region, stream.name), stream);
      }
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
      return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Checkpoints) : {};
    },
    writeCheckpoints(stream, checkpoints) {
      if (!streams.has(key(stream.accountId, stream.region, stream.name))) return;
      mkdirSync(folder(stream), { recursive: true });
      writeAtomically(join(folder(stream), 'checkpoints.json'), checkpoints);
    },
  };
}
