/** The last objects a delivery stream wrote, per kind, so the pipeline view can open the newest without listing the bucket. */
import type { BufferKind } from './object-buffers.js';

export interface WrittenObject {
  kind: BufferKind;
  bucket: string;
  key: string;
  /** Records in the object (error records for `error`). */
  records: number;
  /** Bytes before compression. */
  bytes: number;
  /** Emulator-clock time of the write. */
  writtenAtMs: number;
}

/** How many objects of each kind are kept, newest first. */
export const RECENT_OBJECTS_KEPT = 10;

export class RecentObjects {
  private readonly byKind: Record<BufferKind, WrittenObject[]> = { destination: [], backup: [], error: [] };

  remember(object: WrittenObject): void {
    const list = this.byKind[object.kind];
    list.unshift(object);
    if (list.length > RECENT_OBJECTS_KEPT) list.length = RECENT_OBJECTS_KEPT;
  }

  /** Newest first, per kind; copies. */
  list(): Record<BufferKind, WrittenObject[]> {
    return { destination: [...this.byKind.destination], backup: [...this.byKind.backup], error: [...this.byKind.error] };
  }
}
