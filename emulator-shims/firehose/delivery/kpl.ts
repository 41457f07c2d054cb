/**
 * KPL aggregated records (magic F3 89 9A C2 + protobuf AggregatedRecord + MD5), undone before
 * processing as Firehose does [DG:basic-deliver]. Pure.
 */
import { createHash } from 'node:crypto';

export const KPL_MAGIC = Buffer.from([0xf3, 0x89, 0x9a, 0xc2]);

export interface UserRecord { partitionKey: string; data: Buffer }

class ProtoReader {
  offset = 0;
  constructor(readonly buffer: Buffer, readonly end = buffer.length) {}
  get done(): boolean { return this.offset >= this.end; }
  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.offset >= this.end) throw new Error('truncated varint');
      const byte = this.buffer[this.offset++] as number;
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  }
  bytes(): Buffer {
    const length = this.varint();
    if (this.offset + length > this.end) throw new Error('truncated field');
    const value = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 2) this.bytes();
    else if (wireType === 1) this.offset += 8;
    else if (wireType === 5) this.offset += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

/** The user records of an aggregated record, or undefined when `data` is not a valid KPL aggregate. */
export function deaggregate(data: Buffer): UserRecord[] | undefined {
  // Byte by byte: most records are not aggregates, and a view to compare would cost each of them an object.
  if (data.length < KPL_MAGIC.length + 16 || data[0] !== KPL_MAGIC[0] || data[1] !== KPL_MAGIC[1] || data[2] !== KPL_MAGIC[2] || data[3] !== KPL_MAGIC[3]) return undefined;
  const body = data.subarray(4, data.length - 16);
  const digest = createHash('md5').update(body).digest();
  if (!digest.equals(data.subarray(data.length - 16))) return undefined;
  try {
    const keys: string[] = [];
    const records: { keyIndex: number; data: Buffer }[] = [];
    const reader = new ProtoReader(body);
    while (!reader.done) {
      const tag = reader.varint();
      const field = Math.floor(tag / 8);
      const wireType = tag % 8;
      if (field === 1 && wireType === 2) keys.push(reader.bytes().toString('utf8'));
      else if (field === 3 && wireType === 2) {
        const inner = reader.bytes();
        const recordReader = new ProtoReader(inner);
        const record = { keyIndex: 0, data: Buffer.alloc(0) };
        while (!recordReader.done) {
          const innerTag = recordReader.varint();
          if (innerTag === (1 << 3)) record.keyIndex = recordReader.varint();
          else if (innerTag === ((3 << 3) | 2)) record.data = Buffer.from(recordReader.bytes());
          else recordReader.skip(innerTag % 8);
        }
        records.push(record);
      } else reader.skip(wireType);
    }
    return records.map((record) => ({ partitionKey: keys[record.keyIndex] ?? '', data: record.data }));
  } catch {
    return undefined;
  }
}
