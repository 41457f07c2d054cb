/** Get/Put/Delete of a bucket setting (`?tagging`, `?policy`, `?cors`, …), one table for all of them. */
import { readBody } from '../../shared/index.js';
import { settingOf, SETTINGS } from '../bucket-settings.js';
import { methodNotAllowed } from '../errors.js';
import type { S3Operation } from '../operation.js';

const MAX_DOCUMENT_BYTES = 1024 * 1024;

export const getBucketSetting: S3Operation = (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  const name = settingOf(call.query)!;
  const rule = SETTINGS[name]!;
  const stored = bucket.record.settings[name];
  if (stored !== undefined) return { headers: { 'content-type': rule.contentType ?? 'application/xml' }, body: stored };
  if (rule.notFound) throw rule.notFound();
  return { body: `<?xml version="1.0" encoding="UTF-8"?>\n${rule.defaultDocument ?? ''}` };
};

/** Stores the document only once S3 would accept it (MalformedXML, MalformedPolicy, InvalidTag, … otherwise). */
export const putBucketSetting: S3Operation = async (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  const name = settingOf(call.query)!;
  const text = (await readBody(call.request, MAX_DOCUMENT_BYTES)).toString('utf8');
  SETTINGS[name]!.validate(text, bucket.record.name);
  bucket.record.settings[name] = text;
  call.store.saveBucket(bucket.record);
  return { status: name === 'policy' ? 204 : 200 };
};

export const deleteBucketSetting: S3Operation = (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  const name = settingOf(call.query)!;
  if (!SETTINGS[name]!.deletable) throw methodNotAllowed('DELETE', 'BUCKET');
  if (name in bucket.record.settings) {
    delete bucket.record.settings[name];
    call.store.saveBucket(bucket.record);
  }
  return { status: 204 };
};
