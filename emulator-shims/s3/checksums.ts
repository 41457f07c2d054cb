import { createHash } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';

/** The checksum algorithms S3 accepts, by the lower-case name used in `x-amz-checksum-<name>`. */
export type ChecksumName = 'crc32' | 'crc32c' | 'crc64nvme' | 'sha1' | 'sha256';
export const CHECKSUM_NAMES: readonly ChecksumName[] = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'];

/** Digest length in bytes, to tell a well-formed header value from a malformed one. */
export const CHECKSUM_BYTES: Record<ChecksumName, number> = { crc32: 4, crc32c: 4, crc64nvme: 8, sha1: 20, sha256: 32 };

/** S3's upper-case spelling (`CRC32`, `CRC64NVME`), used in XML elements and error messages. */
export function checksumLabel(name: ChecksumName): string {
  return name.toUpperCase();
}

// Reflected table for CRC-32C (Castagnoli, polynomial 0x1EDC6F41 reversed to 0x82F63B78), kept as
// signed 32-bit integers for the reason given at CRC-64/NVME below.
const CRC32C_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    table[n] = c | 0;
  }
  return table;
})();

/** Pure: CRC-32C of `data` (check value of "123456789" is 0xE3069283). */
export function crc32c(data: Uint8Array, previous = 0): number {
  let crc = ~previous;
  for (let i = 0; i < data.length; i++) crc = CRC32C_TABLE[(crc ^ data[i]!) & 0xff]! ^ ((crc >> 8) & 0xffffff);
  return ~crc >>> 0;
}

// CRC-64/NVME: reflected polynomial 0x9A6C9329AC4BC9B5, init and xorout all ones. Slice-by-8: table k
// advances a byte through k further zero bytes, so eight input bytes cost eight lookups and no shifting
// loop. Every 64-bit entry is kept as two 32-bit halves, and every value as a signed 32-bit integer
// (`| 0`, Int32Array): an unsigned one above 2^31 is a heap number, allocated at every step until the
// loop is optimised, which for one large object can be most of the call.
const CRC64_HI = new Int32Array(8 * 256);
const CRC64_LO = new Int32Array(8 * 256);
(() => {
  const poly = 0x9a6c9329ac4bc9b5n;
  for (let n = 0; n < 256; n++) {
    let c = BigInt(n);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
    CRC64_HI[n] = Number(c >> 32n) | 0;
    CRC64_LO[n] = Number(c & 0xffffffffn) | 0;
  }
  for (let n = 256; n < 8 * 256; n++) {
    const previous = n - 256;
    const index = CRC64_LO[previous]! & 0xff;
    CRC64_LO[n] = ((CRC64_LO[previous]! >>> 8) | (CRC64_HI[previous]! << 24)) ^ CRC64_LO[index]!;
    CRC64_HI[n] = (CRC64_HI[previous]! >>> 8) ^ CRC64_HI[index]!;
  }
})();

/** Pure: CRC-64/NVME of `data` as 8 big-endian bytes (check value of "123456789" is 0xAE8B14860A799888). */
export function crc64nvme(data: Uint8Array): Buffer {
  return crc64nvmeDigest(crc64nvmeUpdate([-1, -1], data));
}

/** Advances a CRC-64/NVME register (`[hi, lo]`, both -1 at the start) over `data`. */
function crc64nvmeUpdate(state: [number, number], data: Uint8Array): [number, number] {
  let [hi, lo] = state;
  const whole = data.length - (data.length % 8);
  let i = 0;
  for (; i < whole; i += 8) {
    const a = lo ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24));
    const b = hi ^ (data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24));
    // Byte j of the eight is advanced through the 7 - j bytes after it: table 7 - j.
    const t0 = 7 * 256 + (a & 0xff);
    const t1 = 6 * 256 + ((a >> 8) & 0xff);
    const t2 = 5 * 256 + ((a >> 16) & 0xff);
    const t3 = 4 * 256 + ((a >> 24) & 0xff);
    const t4 = 3 * 256 + (b & 0xff);
    const t5 = 2 * 256 + ((b >> 8) & 0xff);
    const t6 = 256 + ((b >> 16) & 0xff);
    const t7 = (b >> 24) & 0xff;
    lo = CRC64_LO[t0]! ^ CRC64_LO[t1]! ^ CRC64_LO[t2]! ^ CRC64_LO[t3]! ^ CRC64_LO[t4]! ^ CRC64_LO[t5]! ^ CRC64_LO[t6]! ^ CRC64_LO[t7]!;
    hi = CRC64_HI[t0]! ^ CRC64_HI[t1]! ^ CRC64_HI[t2]! ^ CRC64_HI[t3]! ^ CRC64_HI[t4]! ^ CRC64_HI[t5]! ^ CRC64_HI[t6]! ^ CRC64_HI[t7]!;
  }
  for (; i < data.length; i++) {
    const index = (lo ^ data[i]!) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ CRC64_LO[index]!;
    hi = (hi >>> 8) ^ CRC64_HI[index]!;
  }
  return [hi, lo];
}

function crc64nvmeDigest([hi, lo]: [number, number]): Buffer {
  const out = Buffer.alloc(8);
  out.writeInt32BE(~hi, 0);
  out.writeInt32BE(~lo, 4);
  return out;
}

/** A checksum computed piece by piece, for bodies streamed to disk. */
export interface Checksummer {
  update(data: Uint8Array): void;
  /** The raw digest bytes; call once, after the last update. */
  digest(): Buffer;
}

/** An incremental checksum under one S3 algorithm; the same digest as checksumBytes over the joined pieces. */
export function createChecksummer(name: ChecksumName): Checksummer {
  switch (name) {
    case 'crc32':
    case 'crc32c': {
      let crc = 0;
      const step = name === 'crc32' ? zlibCrc32 : crc32c;
      return {
        update: (data) => { crc = step(data, crc) >>> 0; },
        digest: () => { const out = Buffer.alloc(4); out.writeUInt32BE(crc); return out; },
      };
    }
    case 'crc64nvme': {
      let state: [number, number] = [-1, -1];
      return { update: (data) => { state = crc64nvmeUpdate(state, data); }, digest: () => crc64nvmeDigest(state) };
    }
    case 'sha1':
    case 'sha256': {
      const hash = createHash(name);
      return { update: (data) => { hash.update(data); }, digest: () => hash.digest() };
    }
  }
}

/** Pure: the raw digest bytes of `data` under one S3 checksum algorithm. */
export function checksumBytes(name: ChecksumName, data: Uint8Array): Buffer {
  const checksummer = createChecksummer(name);
  checksummer.update(data);
  return checksummer.digest();
}

/** Pure: the base64 value S3 writes in `x-amz-checksum-<name>`. */
export function checksumBase64(name: ChecksumName, data: Uint8Array): string {
  return checksumBytes(name, data).toString('base64');
}

/** A checksum as stored with an object. */
export interface StoredChecksum {
  name: ChecksumName;
  /**
   * Base64. Absent on an object the endpoint wrote itself (Firehose's deliveries, through the in-process
   * API) until a read asks for it: GetObject/HeadObject with checksum mode then compute it from the
   * stored bytes and keep it, so no write pays for a checksum nobody reads.
   */
  value?: string;
  /** FULL_OBJECT for single PUTs; COMPOSITE (`value-N`) or FULL_OBJECT for multipart uploads. */
  type: 'FULL_OBJECT' | 'COMPOSITE';
}
