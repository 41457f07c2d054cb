/** The CloudWatch Logs store's in-memory picture: groups and streams with their metadata; events live in files. */
import type { Scope } from '../../shared/index.js';

/** One log event as stored: one JSON line `{"t":timestamp,"i":ingestionTime,"m":message}` in a segment file. */
export interface StoredEvent {
  timestamp: number;
  ingestionTime: number;
  message: string;
}

/** A place in a stream's events: a segment and a byte offset in it. Positions order as the events were written. */
export interface Position {
  segment: number;
  offset: number;
}

/** One segment file of a stream: `<id>.jsonl`, written until it holds SEGMENT_BYTES. */
export interface Segment {
  id: number;
  bytes: number;
  /** Largest event timestamp in it: the segment goes when retention has passed it. */
  maxTimestamp: number;
  /** Last ingestion time: the oldest segments of the store go first when it is over its size. */
  lastIngestion: number;
}

export interface LogStream {
  name: string;
  /** A number unique in the store, for event ids. */
  id: number;
  creationTime: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  segments: Segment[];
  /** The id the next segment file gets; ids are never reused, so a read position stays meaningful. */
  nextSegment: number;
  folder: string;
  /** Lines accepted but not yet appended to the file (appends are coalesced). */
  pending: string[];
  pendingBytes: number;
  pendingMaxTimestamp: number;
}

export interface LogGroup {
  name: string;
  arn: string;
  scope: Scope;
  creationTime: number;
  retentionInDays?: number;
  logGroupClass: string;
  tags: Map<string, string>;
  streams: Map<string, LogStream>;
  folder: string;
}

/** The lines of a stream's metadata file; the segments' sizes come from the files themselves. */
export interface StreamFile {
  name: string;
  id: number;
  creationTime: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  nextSegment: number;
  segments: { id: number; maxTimestamp: number; lastIngestion: number }[];
}

export interface GroupFile {
  name: string;
  accountId: string;
  region: string;
  creationTime: number;
  retentionInDays?: number;
  logGroupClass?: string;
  tags: [string, string][];
}

export const DAY_MS = 86_400_000;

/** The earliest event timestamp a group keeps at `now` (its retention), or undefined when it keeps everything. */
export function retentionCutoff(group: LogGroup, now: number): number | undefined {
  return group.retentionInDays === undefined ? undefined : now - group.retentionInDays * DAY_MS;
}

/** What an event counts against CloudWatch's size limits: its UTF-8 bytes plus 26. */
export const eventSize = (message: string): number => Buffer.byteLength(message, 'utf8') + 26;

export function comparePositions(a: Position, b: Position): number {
  return a.segment - b.segment || a.offset - b.offset;
}
