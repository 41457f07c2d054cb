/**
 * One bucket's objects: key → record in memory, keys kept sorted in S3's listing order (UTF-8 bytes),
 * persisted as a journal of puts and deletes beside (never inside) the bucket's folder of object files.
 */
import { Journal } from './journal.js';
import type { StoredChecksum } from './checksums.js';

export interface ObjectRecord {
  key: string;
  size: number;
  /** MD5 hex of a single PUT, `md5-of-md5s-N` of a multipart upload; unquoted. */
  etag: string;
  /** Epoch milliseconds. */
  lastModified: number;
  /** Relative path under the bucket's folder, or `#<sha256>` for a file kept by hash. */
  file: string;
  /** Content-Type, Content-Encoding, Cache-Control, … as sent, by lower-case header name. */
  headers: Record<string, string>;
  /** `x-amz-meta-*` values, by lower-case name without the prefix. */
  metadata: Record<string, string>;
  checksum?: StoredChecksum;
  /** Sizes of the parts of a multipart object, for `?partNumber=` reads. */
  parts?: number[];
  tags?: [string, string][];
}

type Entry = { put: ObjectRecord } | { del: string };

/** Pure: S3's key order, by UTF-8 bytes (JavaScript compares UTF-16 units, which differ above U+D7FF). */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return utf8Rank(x) - utf8Rank(y);
  }
  return a.length - b.length;
}

// Surrogates (U+D800–DFFF, characters above U+FFFF) sort after U+E000–FFFF in UTF-8.
function utf8Rank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

export class ObjectIndex {
  private readonly records = new Map<string, ObjectRecord>();
  private readonly sorted: string[] = [];
  private readonly journal: Journal;
  private superseded = 0;

  constructor(journalPath: string) {
    this.journal = new Journal(journalPath);
    for (const entry of Journal.read<Entry>(journalPath)) {
      if ('put' in entry) this.setRecord(entry.put);
      else this.removeRecord(entry.del);
    }
  }

  get size(): number {
    return this.records.size;
  }

  get(key: string): ObjectRecord | undefined {
    return this.records.get(key);
  }

  /** Records a put: in the journal first, then in memory, where readers see it. */
  put(record: ObjectRecord): void {
    this.journal.append({ put: record });
    this.setRecord(record);
    this.compactIfStale();
  }

  delete(key: string): void {
    if (!this.records.has(key)) return;
    this.journal.append({ del: key });
    this.removeRecord(key);
    this.compactIfStale();
  }

  /** Keys in listing order from the first one after `after` (or from the start). */
  *keysAfter(after: string | undefined): Generator<string> {
    let index = after === undefined ? 0 : this.position(after);
    if (after !== undefined && this.sorted[index] === after) index += 1;
    for (; index < this.sorted.length; index++) yield this.sorted[index]!;
  }

  /** Index of the first key not before `key` in listing order. */
  position(key: string): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareKeys(this.sorted[middle]!, key) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  keyAt(index: number): string | undefined {
    return this.sorted[index];
  }

  close(): void {
    this.journal.close();
  }

  /** Rewrites the journal when most of it describes objects since replaced or deleted. */
  private compactIfStale(): void {
    if (this.superseded <= 1000 || this.superseded <= 2 * this.records.size) return;
    this.superseded = 0;
    this.journal.rewrite([...this.records.values()].map((record) => ({ put: record })));
  }

  private setRecord(record: ObjectRecord): void {
    if (this.records.has(record.key)) this.superseded += 1;
    else this.sorted.splice(this.position(record.key), 0, record.key);
    this.records.set(record.key, record);
  }

  private removeRecord(key: string): boolean {
    if (!this.records.delete(key)) return false;
    this.superseded += 2;
    const index = this.position(key);
    if (this.sorted[index] === key) this.sorted.splice(index, 1);
    return true;
  }
}
