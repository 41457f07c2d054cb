import { createHmac, timingSafeEqual } from 'node:crypto';

const MAC_BYTES = 16;

/**
 * Pure (key given): bytes made into an opaque base64 token that only this store can have written, so
 * a forged or damaged iterator or NextToken is refused before any of its fields is trusted.
 */
export function sealToken(key: Buffer, payload: Buffer): string {
  const mac = createHmac('sha256', key).update(payload).digest().subarray(0, MAC_BYTES);
  return Buffer.concat([payload, mac]).toString('base64');
}

/** The payload of a token sealToken wrote with the same key; undefined for anything else. */
export function openToken(key: Buffer, token: string): Buffer | undefined {
  if (token.length < 24 || token.length > 4096) return undefined;
  const bytes = Buffer.from(token, 'base64');
  if (bytes.length <= MAC_BYTES || bytes.toString('base64') !== token) return undefined;
  const payload = bytes.subarray(0, bytes.length - MAC_BYTES);
  const expected = createHmac('sha256', key).update(payload).digest().subarray(0, MAC_BYTES);
  return timingSafeEqual(expected, bytes.subarray(bytes.length - MAC_BYTES)) ? payload : undefined;
}
