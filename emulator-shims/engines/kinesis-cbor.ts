import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface CborLibrary {
  Decoder: { decodeFirstSync(input: Buffer, options: { tags: Record<number, (value: unknown) => unknown> }): unknown };
  Encoder: { encodeOne(value: unknown): Buffer };
  Tagged: new (tag: number, value: unknown) => unknown;
}

// The `cbor` package kinesalite already depends on; no second CBOR library.
const cbor = require('cbor') as CborLibrary;

export const CBOR_CONTENT_TYPE = 'application/x-amz-cbor-1.1';

/** Marks an AWS CBOR timestamp while a request is decoded. */
class EpochMillis {
  constructor(readonly ms: number) {}
}

/**
 * Pure: a CBOR request body as the JSON form kinesalite handles everywhere. AWS's CBOR breaks
 * RFC 8949 on purpose: a timestamp is tag 1 over epoch MILLISECONDS (JSON uses fractional epoch
 * seconds), and blobs are byte strings (JSON uses base64). Converting here keeps one stored form,
 * so a record written over CBOR reads back the same over JSON and the other way round.
 */
export function cborRequestToJson(body: Buffer): unknown {
  const decoded = cbor.Decoder.decodeFirstSync(body, { tags: { 1: (value) => new EpochMillis(Number(value)) } });
  return toJsonForm(decoded);
}

function toJsonForm(value: unknown): unknown {
  if (value instanceof EpochMillis) return value.ms / 1000;
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toJsonForm);
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, inner]) => [String(key), toJsonForm(inner)]));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toJsonForm(inner)]));
  return value;
}

// Fields of Kinesis answers that are timestamps or blobs in the service model.
const TIMESTAMP_FIELDS = new Set(['ApproximateArrivalTimestamp', 'StreamCreationTimestamp']);
const BLOB_FIELDS = new Set(['Data']);

/** Pure: a kinesalite JSON answer encoded as Kinesis encodes CBOR answers (tag 1 epoch millis, byte-string blobs). */
export function jsonAnswerToCbor(answer: unknown): Buffer {
  return cbor.Encoder.encodeOne(toCborForm(answer, undefined));
}

function toCborForm(value: unknown, field: string | undefined): unknown {
  if (field && TIMESTAMP_FIELDS.has(field) && typeof value === 'number') return new cbor.Tagged(1, Math.round(value * 1000));
  if (field && BLOB_FIELDS.has(field) && typeof value === 'string') return Buffer.from(value, 'base64');
  if (Array.isArray(value)) return value.map((inner) => toCborForm(inner, undefined));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toCborForm(inner, key)]));
  return value;
}

/** Encodes any value as CBOR (error bodies). */
export function encodeCbor(value: unknown): Buffer {
  return cbor.Encoder.encodeOne(value);
}
