/** Whole-object compression (reference §5): GZIP, ZIP, Snappy (xerial stream) and HADOOP_SNAPPY framing. Pure. */
import { gzipSync, zipSync } from 'fflate';
import type { CompressionFormat } from './object-name.js';

/** UNCONFIRMED: the name of the single entry inside a ZIP object. */
export const ZIP_ENTRY_NAME = 'data';
const SNAPPY_BLOCK = 64 * 1024;

/** Raw snappy encoding using literal elements only: valid for every snappy decoder, no match search. */
export function snappyRawLiteral(data: Uint8Array): Buffer {
  const parts: Buffer[] = [varint(data.length)];
  for (let offset = 0; offset < data.length; offset += SNAPPY_BLOCK) {
    const chunk = data.subarray(offset, Math.min(offset + SNAPPY_BLOCK, data.length));
    const lengthMinusOne = chunk.length - 1;
    if (lengthMinusOne < 60) {
      parts.push(Buffer.from([lengthMinusOne << 2]));
    } else if (lengthMinusOne < 0x100) {
      parts.push(Buffer.from([60 << 2, lengthMinusOne]));
    } else {
      parts.push(Buffer.from([61 << 2, lengthMinusOne & 0xff, lengthMinusOne >> 8]));
    }
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

/** xerial snappy-java stream: magic header, then `[length][raw snappy block]` per block. */
function snappyJavaStream(data: Uint8Array): Buffer {
  const parts: Buffer[] = [Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]), int32(1), int32(1)];
  for (let offset = 0; offset < data.length; offset += SNAPPY_BLOCK) {
    const block = snappyRawLiteral(data.subarray(offset, Math.min(offset + SNAPPY_BLOCK, data.length)));
    parts.push(int32(block.length), block);
  }
  return Buffer.concat(parts);
}

/** Hadoop BlockCompressorStream framing: `[uncompressed length]` then `[compressed length][raw block]`. */
function hadoopSnappy(data: Uint8Array): Buffer {
  const parts: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += SNAPPY_BLOCK) {
    const chunk = data.subarray(offset, Math.min(offset + SNAPPY_BLOCK, data.length));
    const block = snappyRawLiteral(chunk);
    parts.push(int32(chunk.length), int32(block.length), block);
  }
  return Buffer.concat(parts);
}

/** Compresses one whole object body. */
export function compressObject(format: CompressionFormat, body: Buffer): Buffer {
  switch (format) {
    case 'UNCOMPRESSED': return body;
    case 'GZIP': return Buffer.from(gzipSync(body));
    case 'ZIP': return Buffer.from(zipSync({ [ZIP_ENTRY_NAME]: body }));
    case 'Snappy': return snappyJavaStream(body);
    case 'HADOOP_SNAPPY': return hadoopSnappy(body);
  }
}

/** Content-Encoding seen on real objects [FLOCI, OBS-grade]. */
export const CONTENT_ENCODING: Record<CompressionFormat, string | undefined> = {
  UNCOMPRESSED: undefined, GZIP: 'gzip', ZIP: 'zip', Snappy: 'snappy-java', HADOOP_SNAPPY: 'hadoop-snappy',
};
