/** The open S3 objects of one stream: one per evaluated partition, one per error type, one for the backup. */
import { bufferDeadline, isBufferDue, type BufferLimits } from '../buffering.js';
import { BufferedItems, type BufferedItem } from './buffered-items.js';

export type { BufferedItem } from './buffered-items.js';

export type BufferKind = 'destination' | 'backup' | 'error';

export interface ObjectBuffer {
  id: string;
  kind: BufferKind;
  errorOutputType?: string;
  lambdaKeys?: Record<string, string>;
  queryKeys?: Record<string, string>;
  /** Packed copies of the records (raw data kept apart for destination objects only: only they can fail planning). */
  items: BufferedItems;
  bytes: number;
  openedAtMs: number;
  oldestArrivalMs: number;
}

/** One open buffer as the pipeline view shows it: fill against `sizeBytes`, due at `openedAtMs + intervalMs`. */
export interface BufferView extends BufferLimits {
  kind: BufferKind | 'lambda';
  partition: string;
  records: number;
  bytes: number;
  openedAtMs: number;
}

export interface BufferMeta {
  kind: BufferKind;
  partition: string;
  errorOutputType?: string;
  lambdaKeys?: Record<string, string>;
  queryKeys?: Record<string, string>;
}

export class ObjectBuffers {
  private readonly open = new Map<string, ObjectBuffer>();
  private readonly counts: Record<BufferKind, number> = { destination: 0, backup: 0, error: 0 };
  /** The last id made, by kind and partition: records in a row mostly join one buffer, and a map finds the same string again without hashing it anew. */
  private lastId: { kind: BufferKind; partition: string; id: string } | undefined;

  /**
   * `scratchFolder`: where open objects' bytes past the first MiB go (see BufferedItems); in memory without it.
   * `hashesData`: whether a new buffer of a kind makes its scratch file's MD5 as it writes it (for an object
   * whose body is that file: an uncompressed one).
   */
  constructor(private readonly limitsOf: (kind: BufferKind) => BufferLimits, private readonly scratchFolder?: string, private readonly hashesData: (kind: BufferKind) => boolean = () => false) {}

  static idOf(meta: Pick<BufferMeta, 'kind' | 'partition'>): string {
    return `${meta.kind}\u0001${meta.partition}`;
  }

  private idFor(meta: Pick<BufferMeta, 'kind' | 'partition'>): string {
    const last = this.lastId;
    if (last !== undefined && last.kind === meta.kind && last.partition === meta.partition) return last.id;
    const id = ObjectBuffers.idOf(meta);
    this.lastId = { kind: meta.kind, partition: meta.partition, id };
    return id;
  }

  has(meta: Pick<BufferMeta, 'kind' | 'partition'>): boolean {
    return this.open.has(this.idFor(meta));
  }

  count(kind: BufferKind): number {
    return this.counts[kind];
  }

  /** Adds a copy of the item; with `newline`, its data gets a newline after it. */
  add(meta: BufferMeta, item: BufferedItem, nowMs: number, newline = false): ObjectBuffer {
    const id = this.idFor(meta);
    let buffer = this.open.get(id);
    if (!buffer) {
      this.counts[meta.kind] += 1;
      buffer = { id, kind: meta.kind, items: new BufferedItems(meta.kind === 'destination', this.scratchFolder, this.scratchFolder !== undefined && this.hashesData(meta.kind)), bytes: 0, openedAtMs: nowMs, oldestArrivalMs: item.arrivalMs };
      if (meta.errorOutputType !== undefined) buffer.errorOutputType = meta.errorOutputType;
      if (meta.lambdaKeys) buffer.lambdaKeys = meta.lambdaKeys;
      if (meta.queryKeys) buffer.queryKeys = meta.queryKeys;
      this.open.set(id, buffer);
    }
    buffer.items.push(item, newline);
    buffer.bytes += item.data.length + (newline ? 1 : 0);
    buffer.oldestArrivalMs = Math.min(buffer.oldestArrivalMs, item.arrivalMs);
    return buffer;
  }

  /** Removes and returns the buffers to write now (all of them when `force`). */
  takeDue(nowMs: number, force: boolean): ObjectBuffer[] {
    const due = [...this.open.values()].filter((buffer) => force || isBufferDue(buffer, this.limitsOf(buffer.kind), nowMs));
    for (const buffer of due) {
      this.open.delete(buffer.id);
      this.counts[buffer.kind] -= 1;
    }
    return due;
  }

  /** Removes every open buffer without writing it, letting its bytes (and scratch files) go; the records stay unacknowledged. */
  discardAll(): void {
    for (const buffer of this.open.values()) buffer.items.dropBytes();
    this.open.clear();
    this.counts.destination = 0;
    this.counts.backup = 0;
    this.counts.error = 0;
  }

  nextDeadline(): number | undefined {
    let earliest: number | undefined;
    for (const buffer of this.open.values()) {
      const deadline = bufferDeadline(buffer, this.limitsOf(buffer.kind));
      if (deadline !== undefined && (earliest === undefined || deadline < earliest)) earliest = deadline;
    }
    return earliest;
  }

  /** What each open buffer holds and the limits it flushes at, for the pipeline view. */
  describe(): BufferView[] {
    return [...this.open.values()].map((buffer) => {
      const limits = this.limitsOf(buffer.kind);
      return { kind: buffer.kind, partition: buffer.id.slice(buffer.id.indexOf('\u0001') + 1), records: buffer.items.length, bytes: buffer.bytes, openedAtMs: buffer.openedAtMs, ...limits };
    });
  }

  get size(): number {
    return this.open.size;
  }
}
