import { listPage } from '../listing.js';
import { compareKeys } from '../object-index.js';
import type { S3Operation } from '../operation.js';
import { ownerXml } from '../owner.js';
import type { Upload } from '../uploads.js';
import { checkLimit } from '../validation.js';
import { element, xmlDocument } from '../xml.js';
import { listingParameters, prefixesXml } from './list-objects.js';

/** ListMultipartUploads: uploads in progress by key, then by start time; prefix, delimiter and the two markers. */
export const listMultipartUploads: S3Operation = (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  const { prefix, delimiter, encode, encoding } = listingParameters(call);
  const maxUploads = checkLimit(call.query.get('max-uploads'), 'max-uploads');
  const keyMarker = call.query.get('key-marker') ?? '';
  const idMarker = call.query.get('upload-id-marker') ?? '';
  const uploads = call.store.uploads.list(bucket.record.name)
    .sort((a, b) => compareKeys(a.record.key, b.record.key) || a.record.initiated - b.record.initiated);
  // Keys (with a delimiter: their groups) in order, then each key's uploads after the markers.
  const keys = [...new Set(uploads.map((upload) => upload.record.key))];
  const sorted = { position: (key: string) => { const at = keys.findIndex((candidate) => compareKeys(candidate, key) >= 0); return at < 0 ? keys.length : at; }, keyAt: (index: number) => keys[index] };
  const page = listPage(sorted, { prefix, ...(delimiter ? { delimiter } : {}), ...(keyMarker ? { after: keyMarker } : {}), maxKeys: Number.MAX_SAFE_INTEGER });
  const listed: Upload[] = [];
  if (keyMarker && idMarker) listed.push(...uploads.filter((upload) => upload.record.key === keyMarker && upload.record.uploadId > idMarker));
  for (const key of page.keys) listed.push(...uploads.filter((upload) => upload.record.key === key));
  const shown = listed.slice(0, maxUploads);
  const prefixes = page.commonPrefixes.slice(0, Math.max(0, maxUploads - shown.length));
  const truncated = listed.length > shown.length || page.commonPrefixes.length > prefixes.length;
  const last = shown.at(-1);
  const body = shown.map((upload) =>
    `<Upload>${element('Key', encode(upload.record.key))}${element('UploadId', upload.record.uploadId)}${ownerXml(upload.record.accountId, 'Initiator')}${ownerXml(upload.record.accountId)}` +
    `${element('StorageClass', upload.record.headers['x-amz-storage-class'] ?? 'STANDARD')}${element('Initiated', new Date(upload.record.initiated).toISOString())}` +
    `${upload.record.checksumAlgorithm ? element('ChecksumAlgorithm', upload.record.checksumAlgorithm.toUpperCase()) + element('ChecksumType', upload.record.checksumType) : ''}</Upload>`).join('');
  return {
    body: xmlDocument('ListMultipartUploadsResult',
      `${element('Bucket', bucket.record.name)}${element('KeyMarker', encode(keyMarker))}${element('UploadIdMarker', idMarker)}` +
      `${truncated && last ? element('NextKeyMarker', encode(last.record.key)) + element('NextUploadIdMarker', last.record.uploadId) : ''}` +
      `${element('Prefix', encode(prefix))}${delimiter ? element('Delimiter', encode(delimiter)) : ''}${element('MaxUploads', maxUploads)}` +
      `${element('IsTruncated', truncated)}${encoding}${body}${prefixesXml(prefixes, encode)}`),
  };
};
