import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from './package-root.js';

const run = promisify(execFile);

// What compose/Dockerfile does not copy (see /.dockerignore): neither is part of the image's hash.
const NOT_IN_IMAGE = new Set(['node_modules', '.git', '.hosepipe', 'test', 'bench', 'docs', 'terraform', 'dist', 'logs']);

/**
 * The images' names for these sources: `hosepipe:<hash>` over every file the image copies (node_modules
 * through package-lock.json, the transform zip) and the base image's id; `hosepipe-nginx:<hash>` over
 * nginx.Dockerfile and its base. An image of that name exists exactly when no build is needed.
 */
export async function imageTags(baseImages: { node: string; nginx: string }, root = PACKAGE_ROOT): Promise<{ hosepipe: string; nginx: string }> {
  const source = createHash('sha256');
  source.update(await imageId(baseImages.node));
  for (const file of sourceFiles(root)) source.update(`${relative(root, file)}\0`).update(readFileSync(file));
  source.update(readFileSync(join(root, 'dist', 'lambda', 'transform.zip')));
  const nginx = createHash('sha256').update(await imageId(baseImages.nginx)).update(readFileSync(join(root, 'compose', 'nginx.Dockerfile')));
  return { hosepipe: `hosepipe:${source.digest('hex').slice(0, 16)}`, nginx: `hosepipe-nginx:${nginx.digest('hex').slice(0, 16)}` };
}

export async function imageExists(image: string): Promise<boolean> {
  return run('docker', ['image', 'inspect', '--format', '{{.Id}}', image]).then(() => true, () => false);
}

/** Removes the other tags of `image`'s repository (earlier builds); images still used by a container stay. */
export async function removeOlderTags(image: string): Promise<void> {
  const repository = image.slice(0, image.lastIndexOf(':'));
  const { stdout } = await run('docker', ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', repository]);
  const older = stdout.split('\n').filter((tag) => tag && tag !== image && tag.startsWith(`${repository}:`));
  if (older.length > 0) await run('docker', ['image', 'rm', ...older]).catch(() => undefined);
}

async function imageId(image: string): Promise<string> {
  return (await run('docker', ['image', 'inspect', '--format', '{{.Id}}', image]).catch(() => ({ stdout: image }))).stdout.trim();
}

/** Every file under root that the image copies, in a stable order. */
function sourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (dir === root && (NOT_IN_IMAGE.has(name) || name.startsWith('.'))) continue;
      if (name === 'logs' || name === '.hosepipe') continue;
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile() && !name.endsWith('.md')) files.push(path);
    }
  };
  walk(root);
  return files;
}
