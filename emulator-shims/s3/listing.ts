/** Pure: one page of a bucket listing, as ListObjects v1/v2, ListObjectVersions and ListMultipartUploads page. */
import { compareKeys } from './object-index.js';

/** The sorted keys a listing walks (an ObjectIndex, or any sorted array). */
export interface SortedKeys {
  /** Index of the first key not before `key`. */
  position(key: string): number;
  keyAt(index: number): string | undefined;
}

export interface ListInput {
  prefix: string;
  delimiter?: string;
  /** Exclusive: only keys and common prefixes after it (marker, start-after, continuation token). */
  after?: string;
  maxKeys: number;
}

export interface ListPage {
  keys: string[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix of the page, where the next page starts after. */
  last?: string;
}

// The largest character in UTF-8 order: every key starting with P sorts before P + this (but P + it + more).
const HIGHEST = '\u{10FFFF}';

export function listPage(keys: SortedKeys, input: ListInput): ListPage {
  const page: ListPage = { keys: [], commonPrefixes: [], isTruncated: false };
  if (input.maxKeys <= 0) return page;
  const { prefix, delimiter, after } = input;
  let index = keys.position(after !== undefined && compareKeys(after, prefix) > 0 ? after : prefix);
  if (after !== undefined && keys.keyAt(index) === after) index += 1;
  let count = 0;
  for (let key = keys.keyAt(index); key !== undefined; key = keys.keyAt(index)) {
    if (!key.startsWith(prefix)) {
      if (compareKeys(key, prefix) > 0) break;
      index += 1;
      continue;
    }
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const item = cut >= 0 ? key.slice(0, cut + delimiter!.length) : key;
    if (cut >= 0 && after !== undefined && compareKeys(item, after) <= 0) {
      // The page starts inside this common prefix, which an earlier page already gave.
      index = skipGroup(keys, item, index);
      continue;
    }
    if (count === input.maxKeys) {
      page.isTruncated = true;
      break;
    }
    count += 1;
    page.last = item;
    if (cut >= 0) {
      page.commonPrefixes.push(item);
      index = skipGroup(keys, item, index);
    } else {
      page.keys.push(key);
      index += 1;
    }
  }
  return page;
}

/** The index of the first key after `index` that does not start with `group`. */
function skipGroup(keys: SortedKeys, group: string, index: number): number {
  let next = Math.max(index + 1, keys.position(group + HIGHEST));
  for (let key = keys.keyAt(next); key !== undefined && key.startsWith(group); key = keys.keyAt(next)) next += 1;
  return next;
}
