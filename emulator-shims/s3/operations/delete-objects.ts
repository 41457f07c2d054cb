import { AwsError, readBody } from '../../shared/index.js';
import { planUpload, createUploadDigests } from '../checksum-check.js';
import { invalidRequest, malformedXml } from '../errors.js';
import type { S3Operation } from '../operation.js';
import { checkKey } from '../validation.js';
import { asNode, element, listOf, parseXml, textOf, xmlDocument } from '../xml.js';

const MAX_OBJECTS = 1000;

/** DeleteObjects: up to 1,000 keys in one `<Delete>` document, which must carry Content-MD5 or a checksum. */
export const deleteObjects: S3Operation = async (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  const body = await readBody(call.request, 2 * 1024 * 1024);
  const hasDigest = call.header('content-md5') !== undefined || Object.keys(call.request.headers).some((name) => name.startsWith('x-amz-checksum-') && name !== 'x-amz-checksum-algorithm');
  if (!hasDigest) throw invalidRequest('Missing required header for this request: Content-Md5');
  const digests = createUploadDigests(planUpload(call.request.headers));
  digests.update(body);
  digests.finish(body.length, {});
  const root = parseXml(body.toString('utf8'), 'Delete');
  const objects = listOf(root, 'Object').map(asNode);
  if (objects.length === 0 || objects.length > MAX_OBJECTS) throw malformedXml();
  const quiet = textOf(root, 'Quiet') === 'true';
  const results: string[] = [];
  for (const object of objects) {
    const key = textOf(object, 'Key');
    const versionId = textOf(object, 'VersionId');
    if (key === undefined) throw malformedXml();
    try {
      await call.store.deleteObject(bucket, checkKey(key));
      if (!quiet) results.push(`<Deleted>${element('Key', key)}${element('VersionId', versionId)}</Deleted>`);
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      results.push(`<Error>${element('Key', key)}${element('Code', error.code)}${element('Message', error.message)}</Error>`);
    }
  }
  return { body: xmlDocument('DeleteResult', results.join('')) };
};
