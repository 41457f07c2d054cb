/** Turns a full buffer into the S3 object to write: target, evaluated prefix, key, compressed body. Pure but for randomness and reused memory. */
import { giveBackBuffer, joinIntoPooled } from '../../shared/buffer-pool.js';
import { compressObject, CONTENT_ENCODING } from '../compression.js';
import { objectKey } from '../object-name.js';
import { createRandomString, evaluatePrefix, PrefixEvaluationError } from '../prefix.js';
import { rmSync } from 'node:fs';
import type { ObjectBuffer } from './object-buffers.js';
import type { ObjectBody } from './s3-writer.js';
import type { DeliverySettings, S3Target } from './settings.js';

/** UNCONFIRMED (§5): the suffix timestamp is the oldest record's arrival (true) rather than the write time (false). */
export const SUFFIX_USES_OLDEST_ARRIVAL = true;
/** UNCONFIRMED (§7): error-output objects are compressed like the destination's objects and carry its extension. */
export const ERROR_OUTPUT_USES_DESTINATION_COMPRESSION = true;

export interface PlannedObject {
  bucket: string;
  key: string;
  /** Concatenated records before compression (what the size hint and the Bytes metrics count). */
  rawBytes: number;
  /**
   * The body: an uncompressed object is the records' packed pieces as they are (written one after another,
   * never joined: a 64 MiB copy was the largest single piece of the endpoint's peak RSS in bench/pipeline),
   * or, once its records went to a scratch file, that file, handed over whole (read back, the bytes were the
   * largest piece of the endpoint's peak at a flush); a compressed one is the compressor's output.
   */
  body: ObjectBody;
  contentEncoding?: string;
  /** Call once the body is written (or given up on): its memory is reused for the next object. */
  release(): void;
}

export type ObjectPlan = { ok: true; object: PlannedObject } | { ok: false; error: PrefixEvaluationError };

/** Where, and how compressed, an object of a buffer of `kind` is written. */
export function targetFor(kind: ObjectBuffer['kind'], settings: DeliverySettings): S3Target {
  if (kind === 'backup' && settings.backup) return settings.backup;
  if (kind === 'error' && !ERROR_OUTPUT_USES_DESTINATION_COMPRESSION) return { ...settings.destination, compression: 'UNCOMPRESSED', extension: '' };
  return settings.destination;
}

/** Plans the object for `buffer`; a destination prefix that cannot be evaluated is returned as an error. */
export function planObject(buffer: ObjectBuffer, settings: DeliverySettings, nowMs: number, uuid: string = crypto.randomUUID()): ObjectPlan {
  const target = targetFor(buffer.kind, settings);
  let prefix: string;
  try {
    prefix = evaluatePrefix(buffer.kind === 'error' ? target.errorPrefix : target.prefix, {
      timestampMs: buffer.oldestArrivalMs,
      timeZone: settings.timeZone,
      randomString: () => createRandomString(),
      ...(buffer.errorOutputType !== undefined ? { errorOutputType: buffer.errorOutputType } : {}),
      ...(buffer.lambdaKeys ? { lambdaKeys: buffer.lambdaKeys } : {}),
      ...(buffer.queryKeys ? { queryKeys: buffer.queryKeys } : {}),
    });
  } catch (error) {
    if (error instanceof PrefixEvaluationError && buffer.kind === 'destination') return { ok: false, error };
    throw error;
  }
  const key = objectKey({
    prefix, deliveryStreamName: settings.streamName, versionId: settings.versionId,
    timestampMs: SUFFIX_USES_OLDEST_ARRIVAL ? buffer.oldestArrivalMs : nowMs, timeZone: settings.timeZone, uuid, extension: target.extension,
  });
  const encoding = CONTENT_ENCODING[target.compression];
  const file = target.compression === 'UNCOMPRESSED' ? buffer.items.takeFile() : undefined;
  if (file) {
    return {
      ok: true,
      object: { bucket: target.bucket, key, rawBytes: file.size, body: file, release: () => rmSync(file.file, { force: true }) },
    };
  }
  const pieces = buffer.items.pieces();
  let rawBytes = 0;
  for (const piece of pieces) rawBytes += piece.length;
  let body: ObjectBody = pieces;
  if (target.compression !== 'UNCOMPRESSED') {
    // The compressors read one buffer: the records are copied into reused memory (a fresh 64 MiB was a quarter
    // of a second of page faults), which goes back once the compressed body, new memory, is made.
    const { bytes: raw, buffer: memory } = joinIntoPooled(pieces);
    body = compressObject(target.compression, raw);
    giveBackBuffer(memory);
  }
  return {
    ok: true,
    object: {
      bucket: target.bucket, key, rawBytes, body, ...(encoding ? { contentEncoding: encoding } : {}),
      // Nothing pooled is held once the object is planned; kept for callers that release every plan.
      release: () => undefined,
    },
  };
}
