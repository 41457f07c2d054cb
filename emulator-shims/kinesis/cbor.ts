import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

interface CborLibrary {
  decodeFirstSync(input: Uint8Array, options: { tags: Record<number, (value: unknown) => unknown> }): unknown;
  encodeOne(value: unknown): Buffer;
  Tagged: new (tag: number, value: unknown) => unknown;
}

let loaded: CborLibrary | undefined;
/** The cbor package, loaded at the first CBOR request: most clients (the JS SDK, the agent) speak JSON. */
const cborLibrary = (): CborLibrary => (loaded ??= requireHere('cbor') as CborLibrary);

export const CBOR_CONTENT_TYPE = 'application/x-amz-cbor-1.1';

/** A CBOR timestamp as AWS writes it: tag 1 over epoch MILLISECONDS (RFC 8949 says seconds). */
export class EpochMillis {
  constructor(readonly ms: number) {}
}

/**
 * Pure: a CBOR request body as the Java SDK v1 (the Kinesis Agent's client) sends it. Byte strings
 * stay Buffers (blobs), tag 1 becomes EpochMillis; validation turns both into the input's types.
 * Throws on anything that is not one well-formed CBOR item.
 */
export function decodeCborRequest(body: Uint8Array): unknown {
  return cborLibrary().decodeFirstSync(body, { tags: { 1: (value) => new EpochMillis(Number(value)) } });
}

/**
 * Pure: a CBOR request body in the form the same request has as JSON (blobs base64, timestamps epoch
 * seconds), for readers outside the service that only look up names (the edge's IAM step).
 */
export function cborRequestToJson(body: Uint8Array): unknown {
  return toJsonForm(decodeCborRequest(body));
}

function toJsonForm(value: unknown): unknown {
  if (value instanceof EpochMillis) return value.ms / 1000;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return value.map(toJsonForm);
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, inner]) => [String(key), toJsonForm(inner)]));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toJsonForm(inner)]));
  return value;
}

/** Pure: an answer encoded as Kinesis encodes CBOR answers: Dates as tag 1 + epoch ms, blobs as byte strings. */
export function encodeCborAnswer(answer: unknown): Buffer {
  return cborLibrary().encodeOne(toCborForm(answer));
}

function toCborForm(value: unknown): unknown {
  if (value instanceof Date) return new (cborLibrary().Tagged)(1, value.getTime());
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(toCborForm);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) if (inner !== undefined) out[key] = toCborForm(inner);
    return out;
  }
  return value;
}

/** Encodes any value as CBOR (error bodies). */
export function encodeCbor(value: unknown): Buffer {
  return cborLibrary().encodeOne(value);
}
