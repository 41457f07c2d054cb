/** A `<Tagging>` document (bucket or object tags), validated as S3 validates it. */
import { invalidTag } from '../errors.js';
import { asNode, element, listOf, nodeOf, parseXml, textOf } from '../xml.js';

// Letters, digits, spaces and + - = . _ : / @, as S3 allows in tag keys and values.
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Pure: the tags of a `<Tagging><TagSet><Tag>…` document; S3's InvalidTag or MalformedXML otherwise. */
export function parseTagging(text: string, limit: number): [string, string][] {
  const root = parseXml(text, 'Tagging');
  const tagSet = nodeOf(root, 'TagSet');
  if (!tagSet) throw invalidTag('The TagSet is missing');
  const tags: [string, string][] = listOf(tagSet, 'Tag').map((tag) => {
    const node = asNode(tag);
    const key = textOf(node, 'Key');
    const value = textOf(node, 'Value') ?? '';
    if (key === undefined || key.length === 0 || [...key].length > 128 || !TAG_TEXT.test(key)) throw invalidTag('The TagKey you have provided is invalid');
    if ([...value].length > 256 || !TAG_TEXT.test(value)) throw invalidTag('The TagValue you have provided is invalid');
    if (key.startsWith('aws:')) throw invalidTag('System tags cannot be added/updated by requester');
    return [key, value];
  });
  if (new Set(tags.map(([key]) => key)).size !== tags.length) throw invalidTag('Cannot provide multiple Tags with the same key');
  if (tags.length > limit) throw invalidTag(limit === 10 ? 'Object tags cannot be greater than 10' : `Bucket tag count cannot be greater than ${limit}`);
  return tags;
}

/** Pure: tags from an `x-amz-tagging` header (URL query form), checked like a document. */
export function parseTaggingHeader(header: string, limit: number): [string, string][] {
  const tags: [string, string][] = [];
  for (const [key, value] of new URLSearchParams(header)) {
    if (key.length === 0 || [...key].length > 128 || !TAG_TEXT.test(key)) throw invalidTag('The TagKey you have provided is invalid');
    if ([...value].length > 256 || !TAG_TEXT.test(value)) throw invalidTag('The TagValue you have provided is invalid');
    if (key.startsWith('aws:')) throw invalidTag('System tags cannot be added/updated by requester');
    tags.push([key, value]);
  }
  if (new Set(tags.map(([key]) => key)).size !== tags.length) throw invalidTag('Cannot provide multiple Tags with the same key');
  if (tags.length > limit) throw invalidTag('Object tags cannot be greater than 10');
  return tags;
}

/** Pure: the inner XML of a `<Tagging>` answer. */
export function tagSetXml(tags: readonly [string, string][]): string {
  return `<TagSet>${tags.map(([key, value]) => `<Tag>${element('Key', key)}${element('Value', value)}</Tag>`).join('')}</TagSet>`;
}
