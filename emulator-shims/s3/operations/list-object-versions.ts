import { listPage } from '../listing.js';
import type { S3Operation } from '../operation.js';
import { ownerXml } from '../owner.js';
import { element, xmlDocument } from '../xml.js';
import { listingParameters, prefixesXml } from './list-objects.js';

/**
 * ListObjectVersions (`GET /bucket?versions`): objects keep one version here, so each is listed once,
 * as its latest version with VersionId `null`, as S3 lists a bucket that never had versioning.
 * Terraform's force_destroy empties a bucket through it.
 */
export const listObjectVersions: S3Operation = (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  const { prefix, delimiter, maxKeys, encode, encoding } = listingParameters(call);
  const keyMarker = call.query.get('key-marker') ?? '';
  const page = listPage(bucket.index, { prefix, ...(delimiter ? { delimiter } : {}), ...(keyMarker ? { after: keyMarker } : {}), maxKeys });
  const versions = page.keys.map((key) => {
    const record = bucket.index.get(key)!;
    return `<Version>${element('Key', encode(key))}${element('VersionId', 'null')}${element('IsLatest', true)}` +
      `${element('LastModified', new Date(record.lastModified).toISOString())}${element('ETag', `"${record.etag}"`)}${element('Size', record.size)}` +
      `${ownerXml(bucket.record.accountId)}${element('StorageClass', record.headers['x-amz-storage-class'] ?? 'STANDARD')}</Version>`;
  });
  const next = page.isTruncated ? `${element('NextKeyMarker', encode(page.last ?? ''))}${element('NextVersionIdMarker', 'null')}` : '';
  return {
    body: xmlDocument('ListVersionsResult',
      `${element('Name', bucket.record.name)}${element('Prefix', encode(prefix))}${element('KeyMarker', encode(keyMarker))}<VersionIdMarker></VersionIdMarker>${next}` +
      `${element('MaxKeys', maxKeys)}${delimiter ? element('Delimiter', encode(delimiter)) : ''}${element('IsTruncated', page.isTruncated)}${encoding}` +
      `${versions.join('')}${prefixesXml(page.commonPrefixes, encode)}`),
  };
};
