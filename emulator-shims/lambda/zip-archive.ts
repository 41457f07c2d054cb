import { createWriteStream } from 'node:fs';
import { mkdir, realpath, symlink } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fromBuffer, type Entry, type ZipFile } from 'yauzl';

/** One entry of a zip as its central directory declares it, before anything is unpacked. */
export interface ZipEntryFacts {
  name: string;
  /** The uncompressed size the archive declares (checked against the real bytes while unpacking). */
  size: number;
  kind: 'file' | 'directory' | 'symlink';
  /** Unix permission bits, when the archive was made on Unix. */
  mode?: number;
}

/** A zip that cannot be unpacked safely: malformed, a name leaving its folder, a link pointing out, a size that lies. */
export class UnsafeZipError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnsafeZipError';
  }
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
const UNIX = 3;
const MAX_LINK_TARGET_BYTES = 4096;

/**
 * The entries of a zip from its central directory alone: nothing is inflated, so a bomb costs only its
 * directory. yauzl refuses absolute names and `..` components (and backslashes) as it reads them.
 */
export async function readZipEntries(zip: Buffer): Promise<ZipEntryFacts[]> {
  const archive = await open(zip);
  try {
    const entries: ZipEntryFacts[] = [];
    for await (const entry of eachEntry(archive)) entries.push(factsOf(entry));
    return entries;
  } finally {
    archive.close();
  }
}

/**
 * Unpacks a zip into `root`, which must be a new, empty folder. Each file is streamed to disk and its
 * bytes checked against its declared size (a lying entry stops the unpacking); symbolic links are made
 * last, and only when they point inside `root`, so no later entry can be written through one.
 */
export async function extractZip(zip: Buffer, root: string): Promise<void> {
  const archive = await open(zip);
  const links: Array<{ path: string; target: string }> = [];
  try {
    for await (const entry of eachEntry(archive)) {
      const facts = factsOf(entry);
      const path = inside(root, facts.name);
      if (facts.kind === 'directory') {
        await mkdir(path, { recursive: true });
        continue;
      }
      await mkdir(dirname(path), { recursive: true });
      const stream = await archive.openReadStreamPromise(entry);
      if (facts.kind === 'symlink') {
        if (facts.size > MAX_LINK_TARGET_BYTES) throw new UnsafeZipError(`the link ${facts.name} is ${facts.size} bytes long`);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        links.push({ path, target: Buffer.concat(chunks).toString('utf8') });
        continue;
      }
      // `wx`: an entry may not replace a file another entry wrote (nor follow anything already there).
      await pipeline(stream, createWriteStream(path, { flags: 'wx', mode: executable(facts.mode) ? 0o755 : 0o644 }));
    }
    for (const { path, target } of links) {
      if (isAbsolute(target) || !isWithin(root, resolve(dirname(path), target))) {
        throw new UnsafeZipError(`the link ${relative(root, path)} points outside the package (${target.slice(0, 200)})`);
      }
      await symlink(target, path);
    }
    // Followed through the other links too (`a/b -> ../..` behind `x -> a/b/..`), every link must end inside.
    const realRoot = await realpath(root);
    for (const { path } of links) {
      const real = await realpath(path).catch(() => undefined);
      if (real !== undefined && !isWithin(realRoot, real)) throw new UnsafeZipError(`the link ${relative(root, path)} points outside the package`);
    }
  } catch (error) {
    throw error instanceof UnsafeZipError ? error : new UnsafeZipError(error instanceof Error ? error.message : String(error), { cause: error });
  } finally {
    archive.close();
  }
}

function open(zip: Buffer): Promise<ZipFile> {
  return new Promise((resolvePromise, reject) => {
    fromBuffer(zip, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true }, (error, archive) => {
      if (error || !archive) reject(new UnsafeZipError(error?.message ?? 'not a zip file', { cause: error }));
      else resolvePromise(archive);
    });
  });
}

async function* eachEntry(archive: ZipFile): AsyncGenerator<Entry> {
  for (;;) {
    const next = await new Promise<Entry | undefined>((resolvePromise, reject) => {
      const onEntry = (entry: Entry) => { cleanup(); resolvePromise(entry); };
      const onEnd = () => { cleanup(); resolvePromise(undefined); };
      const onError = (error: Error) => { cleanup(); reject(new UnsafeZipError(error.message, { cause: error })); };
      const cleanup = () => {
        archive.off('entry', onEntry);
        archive.off('end', onEnd);
        archive.off('error', onError);
      };
      archive.on('entry', onEntry);
      archive.on('end', onEnd);
      archive.on('error', onError);
      archive.readEntry();
    });
    if (next === undefined) return;
    if (next.isEncrypted()) throw new UnsafeZipError(`${next.fileName} is encrypted`);
    if (!next.canDecodeFileData()) throw new UnsafeZipError(`${next.fileName} uses compression method ${next.compressionMethod}`);
    yield next;
  }
}

function factsOf(entry: Entry): ZipEntryFacts {
  const unix = entry.versionMadeBy >>> 8 === UNIX;
  const mode = unix ? (entry.externalFileAttributes >>> 16) & 0o177777 : undefined;
  const kind = entry.fileName.endsWith('/') || (mode !== undefined && (mode & S_IFMT) === S_IFDIR) ? 'directory'
    : mode !== undefined && (mode & S_IFMT) === S_IFLNK ? 'symlink'
    : 'file';
  return { name: entry.fileName, size: entry.uncompressedSize, kind, ...(mode !== undefined ? { mode } : {}) };
}

/** The path of an entry under root; yauzl already refused what could leave it, this checks again. */
function inside(root: string, name: string): string {
  const path = resolve(root, name);
  if (!isWithin(root, path)) throw new UnsafeZipError(`the entry ${name.slice(0, 200)} leaves the package folder`);
  return path;
}

function isWithin(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function executable(mode: number | undefined): boolean {
  return mode !== undefined && (mode & 0o111) !== 0;
}

