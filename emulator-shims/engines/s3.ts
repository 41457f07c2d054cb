import { createRequire } from 'node:module';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import { AwsError, readBody, sendAwsError, type ServiceHandler, type ServiceStatus, useBody } from '../shared/index.js';
import { decodeAwsChunked, isAwsChunked } from './aws-chunked.js';
import { checksumBase64 } from './checksums.js';
import { replayRequest } from './replay.js';
import { makeS3rverPutsDurable } from './s3rver-durable-put.js';
import { createBucketSettings } from './s3-bucket-settings.js';
import { listObjectVersions, type ListingStore } from './s3-object-versions.js';
import { verifyUpload } from './s3-checksum-check.js';
import { createChecksumStore, type StoredChecksum } from './s3-checksum-store.js';
import { createMultipartChecksums, parseCompletedParts } from './s3-multipart.js';
import { s3Operation, s3Target } from './s3-operation.js';
import { afterHeaders, rewriteBody } from './response-hooks.js';

const require = createRequire(import.meta.url);
// S3's largest single PUT.
const MAX_PUT_BYTES = 5 * 1024 * 1024 * 1024;

interface S3rverInstance {
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
  store: { getResourcePath(bucket: string, key: string, resource: string): string };
}

export interface S3EngineOptions {
  /** Objects are stored as plain files under this folder, so a user can browse them. */
  directory: string;
  /** Bucket settings s3rver does not keep (tagging, encryption, ...); beside, not inside, the objects. */
  settingsDirectory: string;
  /** Object checksums, beside the objects too; defaults to `<directory>-checksums`. */
  checksumsDirectory?: string;
}

export interface S3Engine extends ServiceHandler {
  /** s3rver's own listener (signatures must already be stripped), for benchmarks. */
  readonly engineListener: RequestListener;
}

/**
 * The S3 engine: s3rver embedded in-process behind a front that does what s3rver lacks. The edge
 * drops signatures (s3rver would only accept its own access key), unwraps aws-chunked uploads,
 * verifies Content-MD5 and `x-amz-checksum-*` (header or trailer), stores each object's checksum
 * and returns it when a Get/Head asks with `x-amz-checksum-mode: ENABLED`.
 */
export function createS3Engine(options: S3EngineOptions): S3Engine {
  mkdirSync(options.directory, { recursive: true });
  makeS3rverPutsDurable();
  const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;
  const s3rver = new S3rver({ directory: options.directory, silent: true, resetOnClose: false, vhostBuckets: true });
  const listener = s3rver.callback();
  const settings = createBucketSettings({ objectsDirectory: options.directory, settingsDirectory: options.settingsDirectory });
  const checksums = createChecksumStore(options.checksumsDirectory ?? `${options.directory}-checksums`);
  const multipart = createMultipartChecksums();
  let state: ServiceStatus = 'running';

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    stripSignature(request);
    if (await settings.handle(request, response)) return;
    const url = new URL(request.url ?? '/', 'http://s3');
    const line = { method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: request.headers };
    const operation = s3Operation(line);
    const { bucket = '', key = '' } = s3Target(line);
    const uploadId = url.searchParams.get('uploadId') ?? '';
    switch (operation) {
      case 'PutObject':
      case 'UploadPart': {
        // The body lives in a reused buffer until s3rver has answered (it reads the whole body first).
        await useBody(request, MAX_PUT_BYTES, async (raw) => {
          const { data, trailers } = isAwsChunked(request.headers) ? decodeAwsChunked(raw) : { data: raw, trailers: {} };
          const fallback = operation === 'UploadPart' ? multipart.algorithm(uploadId) : undefined;
          const checksum = verifyUpload(data, request.headers, trailers, fallback);
          afterHeaders(response, (status) => {
            if (status !== 200) return;
            response.setHeader(`x-amz-checksum-${checksum.name}`, checksum.value);
            if (operation === 'PutObject') {
              checksums.put(bucket, key, { ...checksum, type: 'FULL_OBJECT' });
              response.setHeader('x-amz-checksum-type', 'FULL_OBJECT');
            } else {
              multipart.recordPart(uploadId, Number(url.searchParams.get('partNumber')), checksum.value);
            }
          });
          const answered = new Promise<void>((resolve) => {
            response.once('finish', resolve);
            response.once('close', resolve);
          });
          listener(replayRequest(request, data, plainUploadHeaders(request)), response);
          await answered;
        });
        return;
      }
      case 'CreateMultipartUpload': {
        const algorithm = header(request, 'x-amz-checksum-algorithm');
        const type = header(request, 'x-amz-checksum-type') ?? (algorithm ? 'COMPOSITE' : undefined);
        afterHeaders(response, (status) => {
          if (status !== 200 || !algorithm) return;
          response.setHeader('x-amz-checksum-algorithm', algorithm.toUpperCase());
          if (type) response.setHeader('x-amz-checksum-type', type.toUpperCase());
        });
        rewriteBody(response, (body, status) => {
          const id = /<UploadId>([^<]+)<\/UploadId>/.exec(body)?.[1];
          if (status === 200 && id) multipart.begin(id, algorithm, type);
          return body;
        });
        listener(request, response);
        return;
      }
      case 'CompleteMultipartUpload': {
        const body = await readBody(request, 16 * 1024 * 1024);
        const outcome = multipart.complete(uploadId, parseCompletedParts(body.toString('utf8')));
        const algorithm = multipart.algorithm(uploadId);
        rewriteBody(response, (answer, status) => {
          if (status !== 200) return answer;
          multipart.forget(uploadId);
          let stored: StoredChecksum | undefined = outcome === 'full-object' ? undefined : outcome;
          if (outcome === 'full-object' && algorithm) {
            // s3rver has just joined the parts into one file; the full-object CRC is over its bytes.
            const object = readFileSync(s3rver.store.getResourcePath(bucket, key, 'object'));
            stored = { name: algorithm, value: checksumBase64(algorithm, object), type: 'FULL_OBJECT' };
          }
          if (!stored) {
            checksums.remove(bucket, key);
            return answer;
          }
          checksums.put(bucket, key, stored);
          const label = `Checksum${stored.name.toUpperCase()}`;
          return answer.replace('</CompleteMultipartUploadResult>', `<${label}>${stored.value}</${label}><ChecksumType>${stored.type}</ChecksumType></CompleteMultipartUploadResult>`);
        });
        listener(replayRequest(request, body), response);
        return;
      }
      case 'GetObject':
      case 'HeadObject': {
        const stored = header(request, 'x-amz-checksum-mode')?.toUpperCase() === 'ENABLED' && !request.headers.range ? checksums.get(bucket, key) : undefined;
        if (stored) {
          // Set before s3rver answers: it keeps them on success and clears every header on an error.
          response.setHeader(`x-amz-checksum-${stored.name}`, stored.value);
          response.setHeader('x-amz-checksum-type', stored.type);
        }
        listener(request, response);
        return;
      }
      case 'CopyObject': {
        const source = decodeURIComponent((header(request, 'x-amz-copy-source') ?? '').split('?')[0] ?? '').replace(/^\//, '');
        const slash = source.indexOf('/');
        afterHeaders(response, (status) => {
          if (status === 200 && slash > 0) checksums.copy({ bucket: source.slice(0, slash), key: source.slice(slash + 1) }, { bucket, key });
        });
        listener(request, response);
        return;
      }
      case 'DeleteObject':
        afterHeaders(response, (status) => { if (status === 204) checksums.remove(bucket, key); });
        listener(request, response);
        return;
      case 'DeleteObjects': {
        const body = await readBody(request, 16 * 1024 * 1024);
        const keys = [...body.toString('utf8').matchAll(/<Key>([^<]*)<\/Key>/g)].map(([, value = '']) => unescapeXml(value));
        afterHeaders(response, (status) => { if (status === 200) for (const deleted of keys) checksums.remove(bucket, deleted); });
        listener(replayRequest(request, body), response);
        return;
      }
      case 'ListObjectVersions':
        // s3rver has no versioning, hence no ListObjectVersions; Terraform's force_destroy empties a bucket through it.
        await listObjectVersions(s3rver.store as unknown as ListingStore, bucket, url.searchParams, response);
        return;
      case 'DeleteBucket':
        afterHeaders(response, (status) => {
          if (status !== 204) return;
          settings.forget(bucket);
          checksums.removeBucket(bucket);
        });
        listener(request, response);
        return;
      default:
        listener(request, response);
    }
  };

  return {
    name: 's3',
    engineListener: listener,
    async handle(request: IncomingMessage, response: ServerResponse) {
      try {
        await handle(request, response);
      } catch (error) {
        if (!(error instanceof AwsError) || response.headersSent) throw error;
        request.resume();
        sendAwsError(response, error, 'restXml', { resource: new URL(request.url ?? '/', 'http://s3').pathname });
      }
    },
    status: () => state,
    async close() {
      state = 'disabled';
      await checksums.settle();
    },
  };
}

/** The headers s3rver should see for an upload whose body the front has already decoded. */
function plainUploadHeaders(request: IncomingMessage): Record<string, string | undefined> {
  const encodings = String(request.headers['content-encoding'] ?? '').split(',').map((value) => value.trim()).filter((value) => value && value !== 'aws-chunked');
  return {
    'content-encoding': encodings.length > 0 ? encodings.join(', ') : undefined,
    'x-amz-decoded-content-length': undefined,
    'x-amz-trailer': undefined,
    'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
  };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (named[entity]) return named[entity];
    return String.fromCodePoint(entity.startsWith('#x') || entity.startsWith('#X') ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
  });
}

function stripSignature(request: IncomingMessage): void {
  delete request.headers.authorization;
  const url = new URL(request.url ?? '/', 'http://local');
  let changed = false;
  for (const name of [...url.searchParams.keys()]) {
    if (name.startsWith('X-Amz-') || name === 'Signature' || name === 'AWSAccessKeyId' || name === 'Expires') {
      url.searchParams.delete(name);
      changed = true;
    }
  }
  if (changed) request.url = url.pathname + (url.search === '?' ? '' : url.search);
}
