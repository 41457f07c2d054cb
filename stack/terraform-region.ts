import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OVERRIDE_FILE } from './terraform-override.js';

/**
 * The region of the root's default `provider "aws"` block (the one without `alias`), from the *.tf files in
 * `dir`: a string, or `var.NAME` given in `vars` or with a string default. Undefined when it is written
 * some other way; the region of what Terraform created (its ARNs) is the one that counts afterwards.
 */
export function providerRegion(dir: string, vars: Record<string, string> = {}): string | undefined {
  const text = readdirSync(dir)
    .filter((file) => file.endsWith('.tf') && file !== OVERRIDE_FILE)
    .sort()
    .map((file) => readFileSync(join(dir, file), 'utf8'))
    .join('\n');
  return regionIn(text, vars);
}

/** Pure: providerRegion over the text of the root's files. */
export function regionIn(text: string, vars: Record<string, string> = {}): string | undefined {
  for (const body of blocks(text, /provider\s+"aws"\s*\{/g)) {
    const top = topLevel(body);
    if (/^\s*alias\s*=/m.test(top)) continue;
    const region = /^\s*region\s*=\s*(?:"([^"$]+)"|var\.([A-Za-z_][\w-]*))\s*$/m.exec(top);
    if (!region) return undefined;
    if (region[1] !== undefined) return region[1];
    const name = region[2]!;
    if (vars[name] !== undefined) return vars[name];
    for (const variable of blocks(text, new RegExp(`variable\\s+"${name}"\\s*\\{`, 'g'))) {
      const fallback = /^\s*default\s*=\s*"([^"$]+)"\s*$/m.exec(topLevel(variable));
      if (fallback) return fallback[1];
    }
    return undefined;
  }
  return undefined;
}

/** The bodies of the blocks whose opening (up to and with its `{`) matches `opening`. */
function blocks(text: string, opening: RegExp): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(opening)) {
    const start = match.index + match[0].length;
    let depth = 1;
    let index = start;
    for (; index < text.length && depth > 0; index++) {
      if (text[index] === '{') depth++;
      else if (text[index] === '}') depth--;
    }
    found.push(text.slice(start, index - 1));
  }
  return found;
}

/** A block's body without its nested blocks. */
function topLevel(body: string): string {
  let out = '';
  let depth = 0;
  for (const char of body) {
    if (char === '{') depth++;
    if (depth === 0) out += char;
    if (char === '}') depth--;
  }
  return out;
}
