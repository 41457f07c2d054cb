import { invalidUri } from './errors.js';

type Headers = Record<string, string | string[] | undefined>;

/** Bucket, key and query of an S3 request, decoded strictly from the raw request line. */
export interface S3Target {
  /** As sent (not yet validated); undefined for the service itself (ListBuckets). */
  bucket?: string;
  /** Every byte after the bucket's slash, `//` and a leading `/` included; undefined for bucket calls. */
  key?: string;
  query: URLSearchParams;
  /** True when the bucket came from the Host name (`bucket.s3.localhost.localstack.cloud`). */
  virtualHost: boolean;
}

// Host names that name the service, not a bucket.
const SERVICE_HOSTS = /^(?:localhost|s3\.localhost\.localstack\.cloud|localhost\.localstack\.cloud|s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?|127\.0\.0\.1|\[::1\])$/;
// A bucket in front of one of these is a virtual-hosted-style request.
const BUCKET_HOST = /^(.+?)\.(?:s3\.localhost\.localstack\.cloud|localhost\.localstack\.cloud|s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?|s3|localhost)$/;

/** Pure: the bucket a Host header names (virtual-hosted style), if it names one. */
export function hostBucket(headers: Headers): string | undefined {
  const raw = headers.host;
  const host = (Array.isArray(raw) ? raw[0] : raw)?.toLowerCase().replace(/:\d+$/, '') ?? '';
  if (SERVICE_HOSTS.test(host) || /^\d+\.\d+\.\d+\.\d+$/.test(host)) return undefined;
  return BUCKET_HOST.exec(host)?.[1];
}

/**
 * Pure: bucket, key and query of a request, from the raw request target exactly as sent. Nothing is
 * normalised: `..`, `.`, `%2e%2e%2f` and `//` are parts of the key, as S3 keeps them. Bytes that are
 * not UTF-8 (`%FF`) or a `%` without two hex digits are refused with S3's `InvalidURI`.
 */
export function parseRequestTarget(rawUrl: string, headers: Headers): S3Target {
  let target = rawUrl;
  // An absolute-form target (`GET http://host/path`), as a proxy sends it.
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
  if (absolute) target = target.slice(absolute[0].length) || '/';
  const hash = target.indexOf('#');
  if (hash >= 0) target = target.slice(0, hash);
  const questionMark = target.indexOf('?');
  const rawPath = questionMark >= 0 ? target.slice(0, questionMark) : target;
  const rawQuery = questionMark >= 0 ? target.slice(questionMark + 1) : '';
  if (!rawPath.startsWith('/')) throw invalidUri(rawUrl);
  const query = parseQuery(rawQuery, rawUrl);
  const fromHost = hostBucket(headers);
  if (fromHost !== undefined) {
    const key = decodeStrict(rawPath.slice(1), rawUrl);
    return { bucket: fromHost, ...(key ? { key } : {}), query, virtualHost: true };
  }
  const slash = rawPath.indexOf('/', 1);
  const rawBucket = slash < 0 ? rawPath.slice(1) : rawPath.slice(1, slash);
  const rawKey = slash < 0 ? '' : rawPath.slice(slash + 1);
  const bucket = decodeStrict(rawBucket, rawUrl);
  const key = decodeStrict(rawKey, rawUrl);
  return { ...(bucket ? { bucket } : {}), ...(key ? { key } : {}), query, virtualHost: false };
}

/** Pure: a query string decoded strictly (`+` is a space, as in forms); the first value of a repeated name wins. */
export function parseQuery(rawQuery: string, rawUrl = rawQuery): URLSearchParams {
  const query = new URLSearchParams();
  if (rawQuery === '') return query;
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decodeStrict((equals < 0 ? pair : pair.slice(0, equals)).replace(/\+/g, ' '), rawUrl);
    const value = equals < 0 ? '' : decodeStrict(pair.slice(equals + 1).replace(/\+/g, ' '), rawUrl);
    if (!query.has(name)) query.append(name, value);
  }
  return query;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Pure: percent-decoding that refuses what does not decode to UTF-8, instead of guessing. */
export function decodeStrict(text: string, rawUrl: string): string {
  if (!/[%\u0080-\uffff]/.test(text)) return text;
  const bytes = Buffer.allocUnsafe(text.length * 3);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x25) {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw invalidUri(rawUrl);
      bytes[length++] = Number.parseInt(hex, 16);
      i += 2;
    } else if (code <= 0xff) {
      // Node reads the request line as latin1: a raw byte arrives as one character.
      bytes[length++] = code;
    } else {
      length += bytes.write(text[i]!, length, 'utf8');
    }
  }
  try {
    return UTF8.decode(bytes.subarray(0, length));
  } catch {
    throw invalidUri(rawUrl);
  }
}
