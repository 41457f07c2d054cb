// kinesalite accepts only letters, digits, white space and _ , / = + - @ in tags; AWS also takes
// ':' '.' '%' and more (e.g. hosepipe:pipeline). Other characters are stored as =XX UTF-8 bytes.
const OUTSIDE_KINESALITE = /[^\p{L}\p{N}\s_,/+\-@]/gu;

/** Pure: a reversible encoding of any tag text into characters kinesalite accepts. */
export function encodeTagText(text: string): string {
  return text.replace(OUTSIDE_KINESALITE, (character) =>
    [...Buffer.from(character, 'utf8')].map((byte) => `=${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

export function decodeTagText(text: string): string {
  return text.replace(/(?:=[0-9A-F]{2})+/g, (run) => Buffer.from(run.replaceAll('=', ''), 'hex').toString('utf8'));
}

/** Pure: a tag request (Add/Remove/ListTagsForStream) with every tag text escaped for kinesalite. */
export function encodeTagsInRequest(body: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...body };
  if (copy.Tags && typeof copy.Tags === 'object') {
    copy.Tags = Object.fromEntries(Object.entries(copy.Tags as Record<string, string>).map(([key, value]) => [encodeTagText(key), encodeTagText(String(value))]));
  }
  if (Array.isArray(copy.TagKeys)) copy.TagKeys = copy.TagKeys.map((key) => encodeTagText(String(key)));
  if (typeof copy.ExclusiveStartTagKey === 'string') copy.ExclusiveStartTagKey = encodeTagText(copy.ExclusiveStartTagKey);
  return copy;
}

/** Pure: a ListTagsForStream answer with the escaped texts restored. */
export function decodeTagsInAnswer(answer: Record<string, unknown>): Record<string, unknown> {
  const tags = answer.Tags as { Key: string; Value?: string }[] | undefined;
  return {
    ...answer,
    ...(tags ? { Tags: tags.map((tag) => ({ Key: decodeTagText(tag.Key), ...(tag.Value === undefined ? {} : { Value: decodeTagText(tag.Value) }) })) } : {}),
  };
}
