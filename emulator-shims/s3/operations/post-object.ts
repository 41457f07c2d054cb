import { randomBytes } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { AwsError } from '../../shared/index.js';
import { createUploadDigests } from '../checksum-check.js';
import { entityTooLarge, invalidArgument, MAX_OBJECT_BYTES } from '../errors.js';
import type { S3Operation } from '../operation.js';
import { checkPostPolicy } from '../post-policy.js';
import { parseTaggingHeader } from '../settings/tagging.js';
import { checkKey } from '../validation.js';
import { element } from '../xml.js';

const CONTENT_HEADERS = ['content-type', 'content-encoding', 'content-disposition', 'cache-control', 'expires'];

interface Received {
  path: string;
  size: number;
  md5Hex: string;
  checksum: string;
  filename: string;
}

/**
 * PostObject, the browser-form upload: refused unless the form carries a policy and a signature and
 * the policy holds (see post-policy.ts); the file field streams to disk like a PutObject body.
 */
export const postObject: S3Operation = async (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  const fields = new Map<string, string>();
  let fileTask: Promise<Received> | undefined;
  let policy: ReturnType<typeof checkPostPolicy> | undefined;
  const malformed = () => new AwsError('MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.', 400);
  // Loaded at the first form upload, not with the endpoint: most endpoints never see one. A CommonJS package: its
  // module.exports is the default export under Node and in the bundle alike (the bundle has no named ones).
  const { Busboy } = (await import('@fastify/busboy')).default;
  let parser: ReturnType<typeof Busboy>;
  try {
    parser = Busboy({ headers: call.request.headers as { 'content-type': string }, limits: { fieldSize: 64 * 1024, fields: 100, files: 1, fileSize: MAX_OBJECT_BYTES + 1, parts: 102 } });
  } catch {
    // No boundary in the Content-Type.
    throw malformed();
  }
  parser.on('field', (name, value) => {
    if (!fileTask) fields.set(name.toLowerCase(), value);
  });
  parser.on('file', (name, stream, filename) => {
    if (fileTask || name.toLowerCase() !== 'file') return void stream.resume();
    fileTask = (async () => {
      try {
        policy = checkPostPolicy(fields, bucket.record.name, Date.now());
        return await receive(stream, filename, call.store.temporaryDirectory);
      } catch (error) {
        stream.resume();
        throw error;
      }
    })();
    fileTask.catch(() => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('finish', resolve);
    parser.on('error', () => reject(malformed()));
    call.request.on('error', reject);
    call.request.pipe(parser);
  });
  if (!fileTask) {
    checkPostPolicy(fields, bucket.record.name, Date.now());
    throw invalidArgument('POST requires exactly one file upload per request.', 'file', '0');
  }
  const received = await fileTask;
  try {
    const [min, max] = policy?.contentLength ?? [0, MAX_OBJECT_BYTES];
    if (received.size > MAX_OBJECT_BYTES) throw entityTooLarge(received.size);
    if (received.size < min) throw new AwsError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', 400, { ProposedSize: received.size, MinSizeAllowed: min });
    if (received.size > max) throw entityTooLarge(received.size, max);
  } catch (error) {
    await rm(received.path, { force: true });
    throw error;
  }
  const key = checkKey((fields.get('key') ?? '').replaceAll('${filename}', received.filename));
  const headers: Record<string, string> = {};
  for (const name of CONTENT_HEADERS) if (fields.has(name)) headers[name] = fields.get(name)!;
  const metadata = Object.fromEntries([...fields].filter(([name]) => name.startsWith('x-amz-meta-')).map(([name, value]) => [name.slice('x-amz-meta-'.length), value]));
  const tagging = fields.get('tagging');
  const tags = tagging === undefined ? [] : parseTaggingHeader(tagging, 10);
  await call.store.commitObject(bucket, { path: received.path }, {
    key, size: received.size, etag: received.md5Hex, lastModified: Date.now(), headers, metadata,
    checksum: { name: 'crc64nvme', value: received.checksum, type: 'FULL_OBJECT' }, ...(tags.length > 0 ? { tags } : {}),
  });
  const location = `${call.origin}/${bucket.record.name}/${encodeURIComponent(key).replace(/%2F/g, '/')}`;
  const answerHeaders = { etag: `"${received.md5Hex}"`, location };
  const redirect = fields.get('success_action_redirect') ?? fields.get('redirect');
  if (redirect !== undefined && /^https?:\/\//.test(redirect)) {
    const target = new URL(redirect);
    target.searchParams.set('bucket', bucket.record.name);
    target.searchParams.set('key', key);
    target.searchParams.set('etag', `"${received.md5Hex}"`);
    return { status: 303, headers: { ...answerHeaders, location: target.toString() } };
  }
  const status = Number(fields.get('success_action_status') ?? '204');
  if (status === 201) {
    return {
      status: 201, headers: answerHeaders,
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse>${element('Location', location)}${element('Bucket', bucket.record.name)}${element('Key', key)}${element('ETag', `"${received.md5Hex}"`)}</PostResponse>`,
    };
  }
  return { status: status === 200 ? 200 : 204, headers: answerHeaders };
};

async function receive(stream: Readable, filename: string, temporaryDirectory: string): Promise<Received> {
  const path = join(temporaryDirectory, `${randomBytes(12).toString('hex')}.post`);
  const digests = createUploadDigests({ name: 'crc64nvme' });
  const handle = await open(path, 'wx');
  let size = 0;
  try {
    for await (const chunk of stream) {
      const piece = chunk as Buffer;
      size += piece.length;
      if (size > MAX_OBJECT_BYTES) throw entityTooLarge(size);
      digests.update(piece);
      await handle.write(piece);
    }
    await handle.close();
    const { md5Hex, checksum } = digests.finish(size, {});
    return { path, size, md5Hex, checksum: checksum.value, filename };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(path, { force: true });
    throw error;
  }
}
