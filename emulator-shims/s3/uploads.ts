/**
 * Multipart uploads in progress: in memory, and each under `<meta>/uploads/<uploadId>/` (upload.json,
 * then `<n>.part` and `<n>.json` per part). Upload ids are made here (64 URL-safe characters) and a
 * request's id names a folder only after it was found in memory, so no request value becomes a path.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rm, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChecksumName } from './checksums.js';
import type { BodySource } from './upload-body.js';

export interface UploadRecord {
  uploadId: string;
  bucket: string;
  key: string;
  accountId: string;
  /** Epoch milliseconds. */
  initiated: number;
  headers: Record<string, string>;
  metadata: Record<string, string>;
  tags?: [string, string][];
  checksumAlgorithm?: ChecksumName;
  checksumType?: 'COMPOSITE' | 'FULL_OBJECT';
}

export interface PartRecord {
  partNumber: number;
  /** MD5 hex, unquoted. */
  etag: string;
  size: number;
  lastModified: number;
  /** The part's checksum under the upload's algorithm, base64. */
  checksum?: string;
}

export interface Upload {
  readonly record: UploadRecord;
  readonly parts: Map<number, PartRecord>;
}

const UPLOAD_ID = /^[A-Za-z0-9_-]{64}$/;

export class Uploads {
  private readonly uploads = new Map<string, Upload>();
  // Per upload, part records are written one after another, each time as memory has them then.
  private readonly writes = new Map<string, Promise<void>>();

  constructor(private readonly directory: string) {
    mkdirSync(directory, { recursive: true });
    for (const name of readdirSync(directory)) {
      if (!UPLOAD_ID.test(name)) continue;
      try {
        const record = JSON.parse(readFileSync(join(directory, name, 'upload.json'), 'utf8')) as UploadRecord;
        const parts = new Map<number, PartRecord>();
        for (const file of readdirSync(join(directory, name))) {
          if (!/^\d+\.json$/.test(file)) continue;
          const part = JSON.parse(readFileSync(join(directory, name, file), 'utf8')) as PartRecord;
          if (statSync(this.partPath(name, part.partNumber), { throwIfNoEntry: false })?.size === part.size) parts.set(part.partNumber, part);
        }
        this.uploads.set(name, { record: { ...record, uploadId: name }, parts });
      } catch {
        // An upload whose record did not survive was never acknowledged.
      }
    }
  }

  /** Starts an upload; answers its new id once its record is on disk. */
  create(record: Omit<UploadRecord, 'uploadId'>): Upload {
    const uploadId = randomBytes(48).toString('base64url');
    const folder = join(this.directory, uploadId);
    mkdirSync(folder);
    const full = { ...record, uploadId };
    writeFileSync(join(folder, 'upload.json'), JSON.stringify(full));
    const upload = { record: full, parts: new Map<number, PartRecord>() };
    this.uploads.set(uploadId, upload);
    return upload;
  }

  /** The upload with this id for this bucket and key; undefined for anything else a request may send. */
  find(uploadId: string, bucket: string, key?: string): Upload | undefined {
    if (!UPLOAD_ID.test(uploadId)) return undefined;
    const upload = this.uploads.get(uploadId);
    if (!upload || upload.record.bucket !== bucket || (key !== undefined && upload.record.key !== key)) return undefined;
    return upload;
  }

  /** Every upload of a bucket. */
  list(bucket: string): Upload[] {
    return [...this.uploads.values()].filter((upload) => upload.record.bucket === bucket);
  }

  partPath(uploadId: string, partNumber: number): string {
    return join(this.directory, uploadId, `${partNumber}.part`);
  }

  /** Moves a received part into place (synchronously, so the file and memory agree); resolves when its record is on disk. */
  commitPart(upload: Upload, source: BodySource, part: PartRecord): Promise<void> {
    const { uploadId } = upload.record;
    const path = this.partPath(uploadId, part.partNumber);
    // Not over the part sent before: ext4 flushes a file that replaces another (see object-files.ts).
    if (upload.parts.has(part.partNumber)) rmSync(path, { force: true });
    if ('path' in source) renameSync(source.path, path);
    else writeFileSync(path, source.bytes);
    upload.parts.set(part.partNumber, part);
    const folder = join(this.directory, uploadId);
    const next = (this.writes.get(uploadId) ?? Promise.resolve()).then(async () => {
      const current = upload.parts.get(part.partNumber);
      if (!current || !existsSync(folder)) return;
      const path = join(folder, `${part.partNumber}.json`);
      await writeFile(`${path}.tmp`, JSON.stringify(current));
      await rename(`${path}.tmp`, path);
    });
    const settled = next.catch(() => undefined);
    this.writes.set(uploadId, settled);
    void settled.then(() => { if (this.writes.get(uploadId) === settled) this.writes.delete(uploadId); });
    return next;
  }

  /** Forgets an upload (completed or aborted) and removes its folder. */
  async remove(upload: Upload): Promise<void> {
    const { uploadId } = upload.record;
    this.uploads.delete(uploadId);
    await this.writes.get(uploadId);
    await rm(join(this.directory, uploadId), { recursive: true, force: true });
  }

  /** Forgets every upload of a deleted bucket. */
  removeBucket(bucket: string): void {
    for (const upload of this.list(bucket)) {
      this.uploads.delete(upload.record.uploadId);
      rmSync(join(this.directory, upload.record.uploadId), { recursive: true, force: true });
    }
  }

  async settle(): Promise<void> {
    await Promise.all(this.writes.values());
  }
}
