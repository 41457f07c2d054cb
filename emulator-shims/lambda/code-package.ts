import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { unzipSync } from 'fflate';
import type { CodeFacts } from './configuration.js';
import { invalidParameterValue } from './errors.js';

const UNZIPPED_LIMIT_BYTES = 262_144_000;

/** Lambda's CodeSha256: the base64 SHA-256 of the zip as uploaded. */
export function codeSha256(zip: Uint8Array): string {
  return createHash('sha256').update(zip).digest('base64');
}

/** The folder of one code version; base64url keeps the hash usable as a folder name. */
export function codeDirectory(stateDir: string, functionName: string, sha256Base64: string): string {
  return join(stateDir, 'lambda', functionName, Buffer.from(sha256Base64, 'base64').toString('base64url'));
}

/** Where the unpacked package of a code version lives: the function's task root. */
export function taskRoot(codeDir: string): string {
  return join(codeDir, 'task');
}

export function zipPath(codeDir: string): string {
  return join(codeDir, 'code.zip');
}

/** Unzips a package in memory, refusing what Lambda refuses. */
export function unpackZip(zip: Uint8Array): Record<string, Uint8Array> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch (error) {
    throw invalidParameterValue('Could not unzip uploaded file. Please check your file, then try to upload again.', error);
  }
  const total = Object.values(files).reduce((sum, data) => sum + data.length, 0);
  if (total > UNZIPPED_LIMIT_BYTES) throw invalidParameterValue(`Unzipped size must be smaller than ${UNZIPPED_LIMIT_BYTES} bytes`);
  return files;
}

/** Stores and unpacks a zip under the state folder (once per distinct hash) and says what Lambda reports about it. */
export async function installCode(stateDir: string, functionName: string, zip: Uint8Array): Promise<CodeFacts & { codeDir: string }> {
  const sha = codeSha256(zip);
  const codeDir = codeDirectory(stateDir, functionName, sha);
  const facts = { codeSha256: sha, codeSize: zip.length, codeDir };
  if (await exists(zipPath(codeDir))) return facts;
  const files = unpackZip(zip);
  // Unpack beside the final folder and rename, so a crash never leaves a half-written task root.
  const staging = `${codeDir}.partial-${process.pid}-${Date.now()}`;
  const root = taskRoot(staging);
  await mkdir(root, { recursive: true });
  for (const [name, data] of Object.entries(files)) {
    const target = resolve(root, name);
    if (!target.startsWith(root + sep)) throw invalidParameterValue('Could not unzip uploaded file. Please check your file, then try to upload again.');
    if (name.endsWith('/')) {
      await mkdir(target, { recursive: true });
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, data);
  }
  await writeFile(zipPath(staging), zip);
  await rm(codeDir, { recursive: true, force: true });
  await rename(staging, codeDir);
  return facts;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}
