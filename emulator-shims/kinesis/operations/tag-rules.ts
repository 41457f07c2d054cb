/** What Kinesis accepts in tags, shared by CreateStream, AddTagsToStream and RemoveTagsFromStream. */
import { invalidArgument } from '../errors.js';
import type { Shape } from '../validation.js';

export const TAG_MAP: Shape = { type: 'map', length: [1, 200], keyLength: [1, 128], valueLength: [0, 256], member: { type: 'string' } };
/** A stream may have 50 tags. */
export const MAX_TAGS = 50;
// Unicode letters and digits, white space, and _ . / = + - % @ : (':' as in `aws:` and `hosepipe:pipeline`).
const TAG_TEXT = /^[\p{L}\p{N}\p{Zs}\s_./=+\-%@:]*$/u;

/** Refuses tag texts with characters Kinesis does not take (`%` is refused with a message of its own). */
export function checkTags(tags: Record<string, string> | string[], stream: string, accountId: string, verb: 'add' | 'remove'): void {
  const texts = Array.isArray(tags) ? tags : Object.entries(tags).flat();
  if (texts.some((text) => !TAG_TEXT.test(text))) {
    throw invalidArgument('Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.');
  }
  if (texts.some((text) => text.includes('%'))) {
    throw invalidArgument(`Failed to ${verb} tags ${verb === 'add' ? 'to' : 'from'} stream ${stream} under account ${accountId} because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.`);
  }
}
