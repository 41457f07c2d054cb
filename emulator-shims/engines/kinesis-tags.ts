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
