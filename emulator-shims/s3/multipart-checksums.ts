/** Pure: what a CompleteMultipartUpload document lists, and the checksums S3 gives a multipart object. */
import { createHash } from 'node:crypto';
import { CHECKSUM_NAMES, checksumBase64, checksumLabel, type ChecksumName } from './checksums.js';
import { malformedXml } from './errors.js';
import { asNode, listOf, parseXml, textOf } from './xml.js';

export interface CompletedPart {
  partNumber: number;
  /** Unquoted; undefined when the document named none. */
  etag?: string;
  checksum?: { name: ChecksumName; value: string };
}

/** The parts a `<CompleteMultipartUpload>` document lists, in its order; MalformedXML for a part without a number. */
export function parseCompletedParts(xml: string): CompletedPart[] {
  return listOf(parseXml(xml, 'CompleteMultipartUpload'), 'Part').map((entry) => {
    const part = asNode(entry);
    const number = textOf(part, 'PartNumber');
    if (number === undefined || !/^\d{1,9}$/.test(number)) throw malformedXml();
    const etag = textOf(part, 'ETag')?.replace(/^"(.*)"$/, '$1');
    const found = CHECKSUM_NAMES.map((name) => ({ name, value: textOf(part, `Checksum${checksumLabel(name)}`) })).find((item) => item.value !== undefined);
    return { partNumber: Number(number), ...(etag !== undefined ? { etag } : {}), ...(found?.value !== undefined ? { checksum: { name: found.name, value: found.value } } : {}) };
  });
}

/** S3's composite checksum: the checksum of the concatenated binary part checksums, then `-N`. */
export function compositeChecksum(name: ChecksumName, partValues: readonly string[]): string {
  const joined = Buffer.concat(partValues.map((value) => Buffer.from(value, 'base64')));
  return `${checksumBase64(name, joined)}-${partValues.length}`;
}

/** S3's multipart ETag: the MD5 of the concatenated binary part MD5s, then `-N`. */
export function multipartEtag(partMd5Hexes: readonly string[]): string {
  const joined = Buffer.concat(partMd5Hexes.map((hex) => Buffer.from(hex, 'hex')));
  return `${createHash('md5').update(joined).digest('hex')}-${partMd5Hexes.length}`;
}
