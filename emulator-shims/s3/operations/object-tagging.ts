/** Get/Put/DeleteObjectTagging: an object's tags (at most 10), kept in its record. */
import { readBody } from '../../shared/index.js';
import type { S3Operation } from '../operation.js';
import { parseTagging, tagSetXml } from '../settings/tagging.js';
import { checkKey } from '../validation.js';
import { xmlDocument } from '../xml.js';

export const getObjectTagging: S3Operation = (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  const record = call.store.object(bucket, checkKey(call.key ?? ''));
  return { body: xmlDocument('Tagging', tagSetXml(record.tags ?? [])) };
};

export const putObjectTagging: S3Operation = async (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  const key = checkKey(call.key ?? '');
  call.store.object(bucket, key);
  const tags = parseTagging((await readBody(call.request, 1024 * 1024)).toString('utf8'), 10);
  await call.store.updateObject(bucket, { ...call.store.object(bucket, key), tags });
  return {};
};

export const deleteObjectTagging: S3Operation = async (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  const record = call.store.object(bucket, checkKey(call.key ?? ''));
  const { tags: _removed, ...rest } = record;
  await call.store.updateObject(bucket, rest);
  return { status: 204 };
};
