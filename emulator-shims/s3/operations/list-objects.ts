import { invalidArgument } from '../errors.js';
import { listPage } from '../listing.js';
import type { ObjectRecord } from '../object-index.js';
import type { S3Call, S3Operation } from '../operation.js';
import { ownerXml } from '../owner.js';
import { checkEncodingType, checkLimit } from '../validation.js';
import { element, xmlDocument } from '../xml.js';

/** Pure: S3's `encoding-type=url` form of a key or prefix: percent-encoded, `/` kept, space as `+`. */
export function urlEncodeKey(text: string): string {
  return encodeURIComponent(text).replace(/%2F/g, '/').replace(/%20/g, '+').replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** ListObjects (v1): prefix, delimiter, marker, max-keys, encoding-type; NextMarker only with a delimiter. */
export const listObjects: S3Operation = (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  const { prefix, delimiter, maxKeys, encode, encoding } = listingParameters(call);
  const marker = call.query.get('marker') ?? '';
  const page = listPage(bucket.index, { prefix, ...(delimiter ? { delimiter } : {}), ...(marker ? { after: marker } : {}), maxKeys });
  const contents = page.keys.map((key) => contentsXml(bucket.index.get(key)!, encode, call.scope.accountId));
  const next = page.isTruncated && delimiter ? element('NextMarker', encode(page.last ?? '')) : '';
  return {
    body: xmlDocument('ListBucketResult',
      `${element('Name', bucket.record.name)}${element('Prefix', encode(prefix))}${element('Marker', encode(marker))}${next}${element('MaxKeys', maxKeys)}` +
      `${delimiter ? element('Delimiter', encode(delimiter)) : ''}${element('IsTruncated', page.isTruncated)}${encoding}${contents.join('')}${prefixesXml(page.commonPrefixes, encode)}`),
  };
};

/** ListObjectsV2: as v1 with start-after, continuation tokens (opaque), KeyCount and fetch-owner. */
export const listObjectsV2: S3Operation = (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  const { prefix, delimiter, maxKeys, encode, encoding } = listingParameters(call);
  const token = call.query.get('continuation-token');
  const startAfter = call.query.get('start-after') ?? '';
  const after = token !== null ? decodeToken(token) : startAfter || undefined;
  const page = listPage(bucket.index, { prefix, ...(delimiter ? { delimiter } : {}), ...(after !== undefined ? { after } : {}), maxKeys });
  const owner = call.query.get('fetch-owner') === 'true';
  const contents = page.keys.map((key) => contentsXml(bucket.index.get(key)!, encode, owner ? call.scope.accountId : undefined));
  const next = page.isTruncated ? element('NextContinuationToken', Buffer.from(page.last ?? '', 'utf8').toString('base64url')) : '';
  return {
    body: xmlDocument('ListBucketResult',
      `${element('Name', bucket.record.name)}${element('Prefix', encode(prefix))}${element('MaxKeys', maxKeys)}${delimiter ? element('Delimiter', encode(delimiter)) : ''}` +
      `${element('IsTruncated', page.isTruncated)}${encoding}${element('KeyCount', page.keys.length + page.commonPrefixes.length)}` +
      `${token !== null ? element('ContinuationToken', token) : ''}${next}${startAfter ? element('StartAfter', encode(startAfter)) : ''}` +
      `${contents.join('')}${prefixesXml(page.commonPrefixes, encode)}`),
  };
};

export function listingParameters(call: S3Call) {
  const encoding = checkEncodingType(call.query.get('encoding-type'));
  const encode = encoding === 'url' ? urlEncodeKey : (text: string) => text;
  return {
    prefix: call.query.get('prefix') ?? '',
    delimiter: call.query.get('delimiter') ?? '',
    maxKeys: checkLimit(call.query.get('max-keys'), 'max-keys'),
    encode,
    encoding: encoding ? element('EncodingType', 'url') : '',
  };
}

export function prefixesXml(prefixes: readonly string[], encode: (text: string) => string): string {
  return prefixes.map((prefix) => `<CommonPrefixes>${element('Prefix', encode(prefix))}</CommonPrefixes>`).join('');
}

function contentsXml(record: ObjectRecord, encode: (text: string) => string, ownerAccount: string | undefined): string {
  const checksum = record.checksum ? `${element('ChecksumAlgorithm', record.checksum.name.toUpperCase())}${element('ChecksumType', record.checksum.type)}` : '';
  return `<Contents>${element('Key', encode(record.key))}${element('LastModified', new Date(record.lastModified).toISOString())}${element('ETag', `"${record.etag}"`)}` +
    `${checksum}${element('Size', record.size)}${ownerAccount ? ownerXml(ownerAccount) : ''}${element('StorageClass', record.headers['x-amz-storage-class'] ?? 'STANDARD')}</Contents>`;
}

function decodeToken(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (token === '' || Buffer.from(text, 'utf8').toString('base64url') !== token) throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  return text;
}
