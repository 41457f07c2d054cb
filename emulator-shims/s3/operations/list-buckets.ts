import { ownerXml } from '../owner.js';
import type { S3Operation } from '../operation.js';
import { checkLimit } from '../validation.js';
import { element, xmlDocument } from '../xml.js';

/** ListBuckets: the caller's account's buckets, in every region (or the one `bucket-region` names). */
export const listBuckets: S3Operation = (call) => {
  const prefix = call.query.get('prefix') ?? '';
  const region = call.query.get('bucket-region');
  const after = call.query.get('continuation-token');
  const max = checkLimit(call.query.get('max-buckets'), 'max-buckets', 10_000);
  const all = call.store.listBuckets(call.scope.accountId)
    .filter((bucket) => bucket.name.startsWith(prefix) && (region === null || bucket.region === region) && (after === null || bucket.name > after));
  const page = all.slice(0, max);
  const buckets = page.map((bucket) =>
    `<Bucket>${element('Name', bucket.name)}${element('CreationDate', new Date(bucket.created).toISOString())}${element('BucketRegion', bucket.region)}</Bucket>`).join('');
  const next = all.length > page.length ? element('ContinuationToken', page.at(-1)?.name) : '';
  return { body: xmlDocument('ListAllMyBucketsResult', `${ownerXml(call.scope.accountId)}<Buckets>${buckets}</Buckets>${next}${prefix ? element('Prefix', prefix) : ''}`) };
};
