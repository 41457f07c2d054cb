/**
 * Joins byte ranges of stored files into one new temporary file, computing its MD5 and a checksum on
 * the way (CopyObject, UploadPartCopy, CompleteMultipartUpload). Reads a MiB at a time.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createChecksummer, type ChecksumName } from './checksums.js';

const BUFFER_BYTES = 1024 * 1024;

export interface FileSlice {
  path: string;
  start?: number;
  /** Inclusive; the file's end when absent. */
  end?: number;
  /** Called once with the slice's own checksum (the part checksums of a composite upload). */
  onChecksum?: (value: string) => void;
}

export interface JoinedFile {
  path: string;
  size: number;
  md5Hex: string;
  /** Base64 checksum of the whole result under `checksumName`, when one was asked for. */
  checksum?: string;
}

export async function joinFiles(slices: readonly FileSlice[], temporaryDirectory: string, checksumName?: ChecksumName, sliceChecksumName?: ChecksumName): Promise<JoinedFile> {
  const path = join(temporaryDirectory, `${randomBytes(12).toString('hex')}.copy`);
  const out = await open(path, 'wx');
  const md5 = createHash('md5');
  const whole = checksumName ? createChecksummer(checksumName) : undefined;
  const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  let size = 0;
  try {
    for (const slice of slices) {
      const input = await open(slice.path, 'r');
      const own = slice.onChecksum && sliceChecksumName ? createChecksummer(sliceChecksumName) : undefined;
      try {
        let position = slice.start ?? 0;
        const end = slice.end ?? (await input.stat()).size - 1;
        while (position <= end) {
          const { bytesRead } = await input.read(buffer, 0, Math.min(BUFFER_BYTES, end - position + 1), position);
          if (bytesRead === 0) throw new Error(`${slice.path} ended at byte ${position}, before byte ${end}`);
          const piece = buffer.subarray(0, bytesRead);
          md5.update(piece);
          whole?.update(piece);
          own?.update(piece);
          await out.write(piece);
          position += bytesRead;
          size += bytesRead;
        }
      } finally {
        await input.close();
      }
      if (own) slice.onChecksum!(own.digest().toString('base64'));
    }
    await out.close();
    return { path, size, md5Hex: md5.digest('hex'), ...(whole ? { checksum: whole.digest().toString('base64') } : {}) };
  } catch (error) {
    await out.close().catch(() => undefined);
    await rm(path, { force: true });
    throw error;
  }
}
