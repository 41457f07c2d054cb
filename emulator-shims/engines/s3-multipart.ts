import { AwsError } from '../shared/index.js';
import { CHECKSUM_NAMES, checksumBase64, checksumLabel, type ChecksumName } from './checksums.js';
import type { StoredChecksum } from './s3-checksum-store.js';

interface Upload {
  name?: ChecksumName;
  type: 'FULL_OBJECT' | 'COMPOSITE';
  parts: Map<number, string>;
}

export interface CompletedPart {
  partNumber: number;
  checksum?: { name: ChecksumName; value: string };
}

/** Pure: the parts a CompleteMultipartUpload body lists, with any per-part checksum. */
export function parseCompletedParts(xml: string): CompletedPart[] {
  return [...xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map(([, inner = '']) => {
    const partNumber = Number(/<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(inner)?.[1]);
    const found = CHECKSUM_NAMES.map((name) => ({ name, value: new RegExp(`<Checksum${checksumLabel(name)}>([^<]*)</Checksum${checksumLabel(name)}>`).exec(inner)?.[1] }))
      .find((entry) => entry.value !== undefined);
    return { partNumber, ...(found?.value === undefined ? {} : { checksum: { name: found.name, value: found.value } }) };
  });
}

/** Pure: S3's composite checksum: the checksum of the concatenated binary part checksums, then `-N`. */
export function compositeChecksum(name: ChecksumName, partValues: readonly string[]): string {
  const joined = Buffer.concat(partValues.map((value) => Buffer.from(value, 'base64')));
  return `${checksumBase64(name, joined)}-${partValues.length}`;
}

export interface MultipartChecksums {
  begin(uploadId: string, algorithm: string | undefined, type: string | undefined): void;
  algorithm(uploadId: string): ChecksumName | undefined;
  recordPart(uploadId: string, partNumber: number, value: string): void;
  /** Checks the listed parts against those uploaded; answers the object's checksum (undefined for FULL_OBJECT, computed by the caller). */
  complete(uploadId: string, parts: readonly CompletedPart[]): StoredChecksum | 'full-object' | undefined;
  forget(uploadId: string): void;
}

/** Checksums of multipart uploads in progress, per server instance (not persisted across restarts). */
export function createMultipartChecksums(): MultipartChecksums {
  const uploads = new Map<string, Upload>();
  return {
    begin(uploadId, algorithm, type) {
      const name = algorithm?.toLowerCase() as ChecksumName | undefined;
      uploads.set(uploadId, {
        ...(name && CHECKSUM_NAMES.includes(name) ? { name } : {}),
        type: type?.toUpperCase() === 'FULL_OBJECT' ? 'FULL_OBJECT' : 'COMPOSITE',
        parts: new Map(),
      });
    },
    algorithm: (uploadId) => uploads.get(uploadId)?.name,
    recordPart(uploadId, partNumber, value) {
      uploads.get(uploadId)?.parts.set(partNumber, value);
    },
    complete(uploadId, parts) {
      const upload = uploads.get(uploadId);
      if (!upload?.name) return undefined;
      for (const part of parts) {
        const recorded = upload.parts.get(part.partNumber);
        if (part.checksum && recorded !== undefined && (part.checksum.name !== upload.name || part.checksum.value !== recorded)) {
          throw new AwsError('InvalidPart', 'One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part\'s entity tag.', 400, {
            UploadId: uploadId,
            PartNumber: part.partNumber,
          });
        }
      }
      if (upload.type === 'FULL_OBJECT') return 'full-object';
      const values = parts.map((part) => upload.parts.get(part.partNumber));
      if (values.some((value) => value === undefined)) return undefined;
      return { name: upload.name, value: compositeChecksum(upload.name, values as string[]), type: 'COMPOSITE' };
    },
    forget(uploadId) {
      uploads.delete(uploadId);
    },
  };
}
