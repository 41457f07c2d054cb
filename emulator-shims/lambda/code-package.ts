import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CodeFacts } from './configuration.js';
import { invalidParameterValue } from './errors.js';
import { extractZip, readZipEntries, UnsafeZipError } from './zip-archive.js';

/** Lambda's limit on a function's unzipped code and all its layers together. */
export const UNZIPPED_LIMIT_BYTES = 262_144_000;

const UNZIP_FAILED = 'Could not unzip uploaded file. Please check your file, then try to upload again.';

/** Lambda's CodeSha256: the base64 SHA-256 of the zip as uploaded. */
export function codeSha256(zip: Uint8Array): string {
  return createHash('sha256').update(zip).digest('base64');
}

/**
 * The unzipped size of a package, from its central directory alone (nothing inflated), refusing a zip
 * that cannot be unpacked safely or declares more than Lambda's limit, together with `layerBytes` (the
 * unzipped size of the layers it runs with) when given.
 */
export async function measureZip(zip: Uint8Array, layerBytes?: number): Promise<number> {
  let size = 0;
  try {
    for (const entry of await readZipEntries(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength))) size += entry.size;
  } catch (error) {
    throw invalidParameterValue(UNZIP_FAILED, error);
  }
  if (size > UNZIPPED_LIMIT_BYTES) throw invalidParameterValue(`Unzipped size must be smaller than ${UNZIPPED_LIMIT_BYTES} bytes`);
  if (layerBytes !== undefined && size + layerBytes > UNZIPPED_LIMIT_BYTES) throw combinedTooLarge(size + layerBytes);
  return size;
}

/** The answer for code and layers over the limit together. */
export function combinedTooLarge(totalBytes: number) {
  return invalidParameterValue(`Function code combined with layers exceeds the maximum allowed size of ${UNZIPPED_LIMIT_BYTES} bytes. The actual size is ${totalBytes} bytes.`);
}

/**
 * Stores a measured zip as `<folder>/code.zip` and unpacks it into `<folder>/<unpackedName>/`, once per
 * folder (a folder names one hash). It is unpacked beside the final folder and renamed into place, so
 * a crash never leaves half a package where a complete one is expected.
 */
export async function installZip(folder: string, zip: Uint8Array, unpackedName: string): Promise<void> {
  if (await exists(join(folder, 'code.zip'))) return;
  const staging = `${folder}.partial-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    await mkdir(join(staging, unpackedName), { recursive: true });
    await extractZip(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength), join(staging, unpackedName));
    await writeFile(join(staging, 'code.zip'), zip);
    await rm(folder, { recursive: true, force: true });
    await rename(staging, folder).catch(async (error: unknown) => {
      // Another upload of the same bytes got there first: its package is this one.
      if (!(await exists(join(folder, 'code.zip')))) throw error;
      await rm(staging, { recursive: true, force: true });
    });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (error instanceof UnsafeZipError) throw invalidParameterValue(UNZIP_FAILED, error);
    throw error;
  }
}

/** Stores and unpacks a function's code under its code folder and says what Lambda reports about it. */
export async function installCode(codeDir: string, zip: Uint8Array): Promise<CodeFacts> {
  await installZip(codeDir, zip, 'task');
  return { codeSha256: codeSha256(zip), codeSize: zip.length };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}
