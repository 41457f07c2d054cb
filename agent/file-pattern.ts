import { basename, dirname } from 'node:path';

export interface FilePattern {
  directory: string;
  /** True for a file name (no directory) the pattern selects. */
  matches(name: string): boolean;
}

// Rotated archives are compressed bytes, not log lines; the Kinesis Agent skips them too.
const COMPRESSED = /\.(gz|bz2|xz|zst|zip|lz4|z)$/i;

/**
 * A path whose last segment may use `*` and `?`, like the Kinesis Agent's filePattern. Wildcards in
 * directories are rejected: a rotation scheme lives in one directory, and a recursive walk every poll
 * would be slow. Returns null with a reason when the pattern is not supported.
 */
export function parseFilePattern(pattern: string): FilePattern | { error: string } {
  const directory = dirname(pattern);
  const name = basename(pattern);
  if (/[*?[\]{}]/.test(directory)) return { error: 'wildcards are only supported in the file name, not in directories' };
  if (/[[\]{}]/.test(name)) return { error: 'only * and ? wildcards are supported' };
  const source = name.split('').map((char) => (char === '*' ? '.*' : char === '?' ? '.' : escapeRegExp(char))).join('');
  const regexp = new RegExp(`^${source}$`);
  const literal = !/[*?]/.test(name);
  return {
    directory,
    matches: (candidate) => regexp.test(candidate) && (literal || !COMPRESSED.test(candidate)),
  };
}

function escapeRegExp(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}
