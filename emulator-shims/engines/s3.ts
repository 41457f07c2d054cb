import { createRequire } from 'node:module';
import { IncomingMessage, type ServerResponse } from 'node:http';
import { mkdirSync } from 'node:fs';
import { readBody, type ServiceHandler, type ServiceStatus } from '../shared/index.js';
import { decodeAwsChunked, isAwsChunked } from './aws-chunked.js';

const require = createRequire(import.meta.url);

interface S3rverInstance {
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
}

export interface S3EngineOptions {
  /** Objects are stored as plain files under this folder, so a user can browse them. */
  directory: string;
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
  let state: ServiceStatus = 'running';
  return {
    name: 's3',
    async handle(request: IncomingMessage, response: ServerResponse) {
      stripSignature(request);
      if (!isAwsChunked(request.headers)) {
        listener(request, response);
        return;
      }
      const { data } = decodeAwsChunked(await readBody(request, 6 * 1024 * 1024 * 1024));
      listener(replayRequest(request, data), response);
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

/** A fresh request carrying the decoded body, so s3rver stores the object and not its framing. */
function replayRequest(original: IncomingMessage, body: Buffer): IncomingMessage {
  const replay = new IncomingMessage(original.socket);
  replay.method = original.method;
  replay.url = original.url;
  replay.httpVersion = original.httpVersion;
  replay.httpVersionMajor = original.httpVersionMajor;
  replay.httpVersionMinor = original.httpVersionMinor;
  const headers = { ...original.headers };
  delete headers['content-encoding'];
  delete headers['transfer-encoding'];
  delete headers['x-amz-decoded-content-length'];
  delete headers['x-amz-trailer'];
  headers['content-length'] = String(body.length);
  headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
  replay.headers = headers;
  replay.rawHeaders = Object.entries(headers).flatMap(([name, value]) => [name, String(value)]);
  replay._read = () => {};
  replay.push(body);
  replay.push(null);
  return replay;
}
