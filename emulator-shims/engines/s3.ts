import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdirSync } from 'node:fs';
import { readBody, type ServiceHandler, type ServiceStatus } from '../shared/index.js';
import { decodeAwsChunked, isAwsChunked } from './aws-chunked.js';
import { replayRequest } from './replay.js';
import { createBucketSettings } from './s3-bucket-settings.js';

const require = createRequire(import.meta.url);

interface S3rverInstance {
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
}

export interface S3EngineOptions {
  /** Objects are stored as plain files under this folder, so a user can browse them. */
  directory: string;
  /** Bucket settings s3rver does not keep (tagging, encryption, ...); beside, not inside, the objects. */
  settingsDirectory: string;
}

/**
 * The S3 engine: s3rver embedded in-process. Signatures are not verified locally, so the edge
 * drops them before s3rver sees the request (s3rver would only accept its own access key), and
 * unwraps aws-chunked uploads that SDK v3 and newer CLIs send by default.
 */
export function createS3Engine(options: S3EngineOptions): ServiceHandler {
  mkdirSync(options.directory, { recursive: true });
  const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;
  const s3rver = new S3rver({ directory: options.directory, silent: true, resetOnClose: false, vhostBuckets: true });
  const listener = s3rver.callback();
  const settings = createBucketSettings({ objectsDirectory: options.directory, settingsDirectory: options.settingsDirectory });
  let state: ServiceStatus = 'running';
  return {
    name: 's3',
    async handle(request: IncomingMessage, response: ServerResponse) {
      stripSignature(request);
      if (await settings.handle(request, response)) return;
      const deletedBucket = request.method === 'DELETE' ? /^\/([^/]+)\/?$/.exec(request.url ?? '')?.[1] : undefined;
      if (deletedBucket) response.once('finish', () => { if (response.statusCode === 204) settings.forget(deletedBucket); });
      if (!isAwsChunked(request.headers)) {
        listener(request, response);
        return;
      }
      const { data } = decodeAwsChunked(await readBody(request, 6 * 1024 * 1024 * 1024));
      const encodings = String(request.headers['content-encoding'] ?? '').split(',').map((value) => value.trim()).filter((value) => value && value !== 'aws-chunked');
      listener(replayRequest(request, data, {
        'content-encoding': encodings.length > 0 ? encodings.join(', ') : undefined,
        'x-amz-decoded-content-length': undefined,
        'x-amz-trailer': undefined,
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      }), response);
    },
    status: () => state,
    async close() {
      state = 'disabled';
    },
  };
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
